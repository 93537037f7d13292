import ArgumentParser
import Registry

/// `retrain models list`: every model, its version count, latest version and aliases.
struct ModelsListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List models with their versions and aliases.")

    @OptionGroup var options: StoreOptions
    @Flag(help: "Print JSON for scripts.") var json = false

    struct Entry: Encodable {
        var model: String
        var versions: Int
        var latest: Int?
        var aliases: [String: Int]
    }

    func run() async throws {
        let registry = try options.openRegistry()
        let entries = try registry.models().map { model in
            let versions = try registry.versions(of: model)
            return Entry(model: model.value, versions: versions.count, latest: versions.last?.version, aliases: try registry.aliases(of: model).aliases)
        }
        if json { return try printJSON(entries) }
        if entries.isEmpty { return print("no models registered yet") }
        print(formatTable([["MODEL", "VERSIONS", "LATEST", "ALIASES"]] + entries.map {
            [$0.model, "\($0.versions)", $0.latest.map(String.init) ?? "-",
             $0.aliases.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")]
        }))
    }
}
