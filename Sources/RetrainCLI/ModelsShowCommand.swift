import ArgumentParser
import Foundation
import Artifacts
import Registry

/// `retrain models show MODEL [VERSION]`: versions with key metrics, blessing, window, aliases.
struct ModelsShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a model's versions, or one version in full.")

    @OptionGroup var options: StoreOptions
    @Argument(help: "The model name.") var model: String
    @Argument(help: "A version number (default: all versions).") var version: Int?
    @Flag(help: "Print JSON for scripts.") var json = false

    struct Row: Encodable {
        var version: ModelVersion
        var aliases: [String]
    }

    func run() async throws {
        let registry = try options.openRegistry()
        let model = try parseName(model, kind: "model")
        let aliases = try registry.aliases(of: model).aliases
        func aliasNames(_ number: Int) -> [String] { aliases.filter { $0.value == number }.map(\.key).sorted() }
        if let version {
            let record = try registry.version(version, of: model)
            if json { return try printJSON(Row(version: record, aliases: aliasNames(version))) }
            print("\(model):\(record.version)\(aliasNames(version).map { "  (\($0))" }.joined())")
            print("created   \(formatTime(record.created))")
            print("blessed   \(record.blessed)")
            print("bundle    \(record.bundle.digest)  \(record.bundle.size) bytes")
            print("manifest  \(record.manifest.digest)")
            if let pruned = record.prunedAt { print("pruned    \(formatTime(pruned)) (bundle removed by gc)") }
            if let origin = record.origin {
                let source = [origin.model, origin.version.map(String.init)].compactMap { $0 }.joined(separator: ":")
                print("origin    pulled \(formatTime(origin.pulledAt)) from \(origin.reference)\(source.isEmpty ? "" : " (\(source) there)")")
            }
            print("window    \(Self.window(record))")
            for (key, value) in record.metrics.sorted(by: { $0.key < $1.key }) { print("metric    \(key) = \(formatNumber(value))") }
            print("lineage   " + String(decoding: try JSONValue.canonicalData(record.metadata, pretty: true), as: UTF8.self)
                .replacingOccurrences(of: "\n", with: "\n          "))
            return
        }
        let versions = try registry.versions(of: model)
        if json { return try printJSON(versions.map { Row(version: $0, aliases: aliasNames($0.version)) }) }
        let metricNames = Array(Set(versions.flatMap { $0.metrics.keys })).sorted().prefix(4)
        var rows = [["VERSION", "CREATED", "BLESSED", "WINDOW"] + metricNames + ["ALIASES", "BUNDLE"]]
        for record in versions {
            rows.append(["\(record.version)", formatTime(record.created), record.blessed ? "yes" : "no", Self.window(record)]
                + metricNames.map { record.metrics[$0].map(formatNumber) ?? "-" }
                + [aliasNames(record.version).joined(separator: ","), record.prunedAt == nil ? record.bundle.digest.short : "pruned"])
        }
        print(formatTable(rows))
    }

    static func window(_ record: ModelVersion) -> String {
        let window = record.metadata["data_window"]
        guard let start = window?["start"]?.stringValue, let end = window?["end"]?.stringValue else { return "-" }
        return "\(start)..\(end)"
    }
}
