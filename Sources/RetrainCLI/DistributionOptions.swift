import ArgumentParser
import Artifacts
import Distribution
import Logging
import Registry

/// The flags shared by the commands that talk to a remote OCI registry.
struct DistributionOptions: ParsableArguments {
    @Flag(help: "Use plain HTTP; allowed only for a loopback registry (127.0.0.1, ::1, localhost).")
    var insecure = false

    @Flag(help: "Log each registry request on standard error (credentials are never logged).")
    var verbose = false

    /// Parses REF and checks `--insecure` against its host before anything else happens, so
    /// a bad reference never leaves a half-done operation (e.g. a promote without its push).
    func reference(_ text: String) throws -> RemoteReference {
        let reference = try RemoteReference(parsing: text)
        if insecure && !reference.isLoopback { throw DistributionError.insecureNotLoopback(reference.host) }
        return reference
    }

    func withClient<Result: Sendable>(_ body: (DistributionClient) async throws -> Result) async throws -> Result {
        var configuration = DistributionClient.Configuration()
        configuration.allowsInsecureLoopback = insecure
        var logger = Logger(label: "retrain.distribution") { label in StreamLogHandler.standardError(label: label) }
        logger.logLevel = verbose ? Logger.Level.trace : Logger.Level.warning
        return try await DistributionClient.withClient(configuration: configuration, logger: logger, body)
    }

    /// Pushes `record` and prints what happened: the manifest digest on stdout, a summary on
    /// stderr.
    func push(_ record: ModelVersion, store: BlobStore, to reference: RemoteReference, tags: [String]) async throws {
        let result = try await withClient { client in
            try await client.push(record, from: store, to: reference, tags: tags)
        }
        let bytes = result.uploadedBlobs.reduce(Int64(0)) { $0 + $1.size }
        let repository = reference.host + "/" + reference.repository
        var line = "pushed \(record.model):\(record.version) to \(repository): \(result.uploadedBlobs.count) blob(s) uploaded (\(bytes) bytes), \(result.skippedBlobs.count) already there"
        if !result.updatedTags.isEmpty { line += "; tagged \(result.updatedTags.joined(separator: ", "))" }
        if !result.unchangedTags.isEmpty { line += "; unchanged \(result.unchangedTags.joined(separator: ", "))" }
        printError(line)
        print(result.manifest)
    }

    /// The remote half of `promote --push` / `rollback --push`: the version goes up (if it
    /// is not there yet) tagged with its number, and the remote tag — REF's, else the alias
    /// name — moves to it. If this fails, the local alias has already moved; the error says
    /// so and how to finish.
    func pushAliasMove(_ record: ModelVersion, alias: RegistryName, registry: Registry, to reference: RemoteReference) async throws {
        let tag = reference.tag ?? alias.value
        do {
            try await push(record, store: registry.store, to: reference, tags: ["\(record.version)", tag])
        } catch {
            throw DistributionError.invalidArgument(
                "\(record.model):\(alias) moved to \(record.version) here, but the push to \(reference.host)/\(reference.repository) failed: \(error); "
                    + "finish with: retrain push \(record.model):\(alias) \(reference.host)/\(reference.repository):\(tag)")
        }
    }
}
