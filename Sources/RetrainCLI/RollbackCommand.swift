import ArgumentParser
import Distribution
import Registry

/// `retrain rollback MODEL`: move an alias back to the version that held it before.
struct RollbackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollback",
        abstract: "Move an alias back to its previous version (per its history), or to --to VERSION."
    )

    @OptionGroup var options: StoreOptions
    @Argument(help: "The model name.") var model: String
    @Option(help: "The alias to move back.") var alias = "production"
    @Option(help: "Roll back to this version instead of the previous one.") var to: Int?
    @Option(help: "Why (recorded in the history).") var reason: String?
    @Option(help: "Who (default: $RETRAIN_ACTOR, else user@host).") var actor: String?
    @Option(help: ArgumentHelp("After the local move, push the version and move this remote tag (default tag: the alias).", valueName: "ref"))
    var push: String?
    @OptionGroup var distribution: DistributionOptions

    func run() async throws {
        let model = try parseName(model, kind: "model")
        let alias = try parseName(alias, kind: "alias")
        let remote = try push.map { try distribution.reference($0) }
        let registry = try options.openRegistry()
        let entry = try registry.rollback(model: model, alias: alias, to: to, actor: resolveActor(actor), reason: reason)
        printError("\(model):\(alias) \(entry.from.map { "\($0)" } ?? "-") -> \(entry.to) (rollback)")
        if let remote {
            try await distribution.pushAliasMove(registry.version(entry.to, of: model), alias: alias, registry: registry, to: remote)
        }
    }
}
