public import Artifacts
public import Foundation
public import Pipeline
public import Registry

/// Everything a report shows, read from the store: run records, versions, alias history.
public struct ReportData: Sendable {
    /// One model's versions and alias history.
    public struct Model: Sendable {
        public var name: String
        public var versions: [ModelVersion]
        public var aliases: ModelAliases
    }

    public var title: String
    public var generated: Date
    public var runs: [RunRecord]
    public var models: [Model]

    /// Reads the runs of `pipelines` (all runs when empty) and the models they register.
    public static func load(store: BlobStore, pipelines: [String], generated: Date = Date()) throws -> ReportData {
        let runStore = try RunStore(store: store)
        var runs = try runStore.ids().compactMap { try? runStore.load($0) }
        if !pipelines.isEmpty { runs = runs.filter { pipelines.contains($0.pipeline) } }
        let registry = try Registry(store: store)
        var modelNames = Set(runs.map(\.model))
        if pipelines.isEmpty { modelNames.formUnion(try registry.models().map(\.value)) }
        var models: [Model] = []
        for name in modelNames.sorted() {
            guard let model = try? RegistryName(name), let versions = try? registry.versions(of: model) else { continue }
            models.append(Model(name: name, versions: versions, aliases: (try? registry.aliases(of: model)) ?? ModelAliases()))
        }
        let title = pipelines.isEmpty ? "retrain report" : "retrain report: " + pipelines.joined(separator: ", ")
        return ReportData(title: title, generated: generated, runs: runs, models: models)
    }
}

extension RunRecord {
    /// The stage that judged the candidate (the last one with a blessing), if any.
    var gate: StageRecord? { stages.last { $0.blessing != nil } }

    var asOfDate: Date? { AsOf.date(asOf) }

    var duration: Double? { finished.map { $0.timeIntervalSince(started) } }
}

extension StageRecord {
    var duration: Double? {
        guard let started, let finished else { return nil }
        return finished.timeIntervalSince(started)
    }
}

extension ModelVersion {
    /// The end of the version's data window (its `as_of`).
    var windowEnd: Date? {
        (metadata["data_window"]?["end"]?.stringValue ?? metadata["as_of"]?.stringValue).flatMap(AsOf.date)
    }
}
