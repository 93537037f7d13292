import ArgumentParser
import Artifacts
import Foundation
import Registry

/// `retrain models register MODEL DIGEST [--metadata FILE]`: plumbing for scripts and tests.
struct ModelsRegisterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "register",
        abstract: "Register a serving bundle as the next version of a model; prints the version number."
    )

    @OptionGroup var options: StoreOptions

    @Argument(help: "The model name.") var model: String
    @Argument(help: "The serving bundle's digest (sha256:…), already in the store.") var digest: String
    @Option(help: "The lineage JSON (an object with 'blessed' and 'metrics' among its keys).") var metadata: String?

    func run() async throws {
        let model = try parseName(model, kind: "model")
        let digest = try Digest(parsing: digest)
        var lineage = JSONValue.object([:])
        if let metadata {
            guard let data = FileManager.default.contents(atPath: metadata) else {
                throw RegistryError.invalidMetadata(file: metadata, "cannot be read")
            }
            do {
                lineage = try JSONDecoder().decode(JSONValue.self, from: data)
            } catch {
                throw RegistryError.invalidMetadata(file: metadata, "not valid JSON (\(Self.reason(error)))")
            }
            guard lineage.objectValue != nil else { throw RegistryError.invalidMetadata(file: metadata, "must be a JSON object") }
            if let blessed = lineage["blessed"], blessed.boolValue == nil {
                throw RegistryError.invalidMetadata(file: metadata, "field 'blessed' must be true or false")
            }
            if let metrics = lineage["metrics"], metrics.objectValue == nil {
                throw RegistryError.invalidMetadata(file: metadata, "field 'metrics' must be an object")
            }
        }
        let record = try options.openRegistry().register(model: model, bundle: digest, metadata: lineage)
        print(record.version)
    }

    static func reason(_ error: any Error) -> String {
        if case let DecodingError.dataCorrupted(context) = error {
            return (context.underlyingError.map { "\($0)" } ?? context.debugDescription)
        }
        return "\(error)"
    }
}
