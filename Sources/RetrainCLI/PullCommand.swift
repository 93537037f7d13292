import ArgumentParser
import Artifacts
import Distribution
import Registry

/// `retrain pull REF`: fetch a model version from an OCI registry and register it here.
struct PullCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pull",
        abstract: "Pull a model version from an OCI registry into the store and register it; prints its version number.",
        discussion: """
            REF is host[:port]/repository:tag or host[:port]/repository@sha256:…. Every digest is \
            verified. A version already here (same manifest digest) is not pulled again. The \
            version keeps its number from where it was trained when that number is free here; \
            otherwise it gets the next free number, and its origin is recorded.
            """
    )

    @OptionGroup var options: StoreOptions
    @OptionGroup var distribution: DistributionOptions
    @Argument(help: "What: host[:port]/repository:tag or …@sha256:<hex>.") var reference: String
    @Option(help: "The local model name (default: the model named in the version's config).") var model: String?

    func run() async throws {
        let reference = try distribution.reference(reference)
        guard reference.manifestReference != nil else {
            throw DistributionError.invalidArgument("'\(reference)' names neither a tag nor a digest: write REPOSITORY:TAG or REPOSITORY@sha256:…")
        }
        let model = try model.map { try RegistryName($0, kind: "model") }
        let registry = try options.openRegistry()
        let result = try await distribution.withClient { client in
            try await client.pull(reference, into: registry, model: model)
        }
        let record = result.version
        if result.isNew {
            let bytes = result.downloadedBlobs.reduce(Int64(0)) { $0 + $1.size }
            let renumbered = record.origin?.version.map { $0 != record.version ? " (version \($0) where it was registered)" : "" } ?? ""
            printError("pulled \(reference) (\(result.manifest.short)) as \(record.model):\(record.version)\(renumbered): \(result.downloadedBlobs.count) blob(s), \(bytes) bytes")
        } else {
            printError("\(reference) (\(result.manifest.short)) is already here as \(record.model):\(record.version); nothing changed")
        }
        print(record.version)
    }
}
