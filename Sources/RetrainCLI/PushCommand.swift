import ArgumentParser
import Distribution
import Registry

/// `retrain push MODEL:VERSION|MODEL:ALIAS REF`: send a model version to an OCI registry.
struct PushCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "push",
        abstract: "Push a model version (blobs and manifest) to an OCI registry; prints the manifest digest.",
        discussion: """
            REF is host[:port]/repository[:tag]. The version is tagged with its number; when the \
            source is MODEL:ALIAS (or with --also-tag-alias) also with the alias name(s) that \
            point at it; and with REF's tag when it has one. Blobs and tags the registry already \
            has are skipped. Credentials: RETRAIN_REGISTRY_USERNAME/RETRAIN_REGISTRY_PASSWORD, \
            else a docker config.json.
            """
    )

    @OptionGroup var options: StoreOptions
    @OptionGroup var distribution: DistributionOptions
    @Argument(help: "The version to push: MODEL:VERSION or MODEL:ALIAS.") var source: String
    @Argument(help: "Where: host[:port]/repository[:tag].") var reference: String
    @Flag(help: "Also tag the aliases that point at this version (implied when the source is an alias).")
    var alsoTagAlias = false

    func run() async throws {
        let reference = try distribution.reference(reference)
        if reference.digest != nil {
            throw DistributionError.invalidArgument("push takes host[:port]/repository[:tag], not a digest: the digest is the version's own")
        }
        let source = try ModelSource(parsing: source)
        let registry = try options.openRegistry()
        let record = try source.resolve(in: registry)
        try registry.checkServable(record)
        var tags = ["\(record.version)"]
        if case let .alias(_, alias) = source { tags.append(alias.value) }
        if alsoTagAlias {
            let aliases = try registry.aliases(of: record.model).aliases.filter { $0.value == record.version }.keys.sorted()
            if aliases.isEmpty { printError("\(record.model):\(record.version) has no alias; only the version is tagged") }
            tags += aliases
        }
        if let tag = reference.tag { tags.append(tag) }
        var unique: [String] = []
        for tag in tags where !unique.contains(tag) { unique.append(tag) }
        try await distribution.push(record, store: registry.store, to: reference, tags: unique)
    }
}

/// `MODEL:VERSION` or `MODEL:ALIAS`, as `push` takes its source.
enum ModelSource {
    case version(RegistryName, Int)
    case alias(RegistryName, RegistryName)

    init(parsing text: String) throws {
        guard let colon = text.firstIndex(of: ":") else {
            throw DistributionError.invalidArgument("'\(text)' is not MODEL:VERSION or MODEL:ALIAS")
        }
        let model = try RegistryName(String(text[..<colon]), kind: "model")
        let rest = String(text[text.index(after: colon)...])
        if let number = Int(rest), rest.allSatisfy(\.isNumber) {
            self = .version(model, number)
        } else {
            self = .alias(model, try RegistryName(rest, kind: "alias"))
        }
    }

    func resolve(in registry: Registry) throws -> ModelVersion {
        switch self {
        case let .version(model, number):
            return try registry.version(number, of: model)
        case let .alias(model, alias):
            guard let record = try registry.resolve(model: model, alias: alias) else {
                _ = try registry.versions(of: model)  // unknown model → its own error
                throw RegistryError.unknownAlias(model.value, alias.value)
            }
            return record
        }
    }
}
