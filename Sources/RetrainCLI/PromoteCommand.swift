import ArgumentParser
import Distribution
import Registry

/// `retrain promote MODEL VERSION`: move an alias (default `production`) in one atomic step.
struct PromoteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "promote",
        abstract: "Point an alias (default: production) at a version; recorded with actor and reason."
    )

    @OptionGroup var options: StoreOptions
    @Argument(help: "The model name.") var model: String
    @Argument(help: "The version to promote.") var version: Int
    @Option(help: "The alias to move.") var alias = "production"
    @Option(help: "Why (recorded in the history).") var reason: String?
    @Option(help: "Who (default: $RETRAIN_ACTOR, else user@host).") var actor: String?
    @Flag(help: "Promote a version its evaluation did not bless (recorded as forced).") var force = false
    @Option(help: ArgumentHelp("After the local move, push the version and move this remote tag (default tag: the alias).", valueName: "ref"))
    var push: String?
    @OptionGroup var distribution: DistributionOptions

    func run() async throws {
        let model = try parseName(model, kind: "model")
        let alias = try parseName(alias, kind: "alias")
        let remote = try push.map { try distribution.reference($0) }
        let registry = try options.openRegistry()
        let entry = try registry.promote(model: model, version: version, alias: alias, actor: resolveActor(actor), reason: reason, force: force)
        if let entry {
            printError("\(model):\(alias) \(entry.from.map { "\($0)" } ?? "-") -> \(entry.to)\(entry.forced ? " (forced)" : "")")
        } else {
            printError("\(model):\(alias) already points at version \(version); nothing changed")
        }
        if let remote {
            try await distribution.pushAliasMove(registry.version(version, of: model), alias: alias, registry: registry, to: remote)
        }
    }
}
