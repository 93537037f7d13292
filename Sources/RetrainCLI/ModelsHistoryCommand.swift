import ArgumentParser
import Registry

/// `retrain models history MODEL`: every alias move, oldest first.
struct ModelsHistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "history", abstract: "Show who moved which alias when, and why.")

    @OptionGroup var options: StoreOptions
    @Argument(help: "The model name.") var model: String
    @Flag(help: "Print JSON for scripts.") var json = false

    func run() async throws {
        let history = try options.openRegistry().aliases(of: parseName(model, kind: "model")).history
        if json { return try printJSON(history) }
        if history.isEmpty { return print("no alias of \(model) has been moved yet") }
        print(formatTable([["TIME", "ACTION", "ALIAS", "FROM", "TO", "ACTOR", "REASON"]] + history.map {
            [formatTime($0.time), $0.action.rawValue + ($0.forced ? " (forced)" : ""), $0.alias.value,
             $0.from.map(String.init) ?? "-", "\($0.to)", $0.actor, $0.reason ?? ""]
        }))
    }
}
