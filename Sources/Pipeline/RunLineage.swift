import Artifacts
import Foundation

/// What a run records about the versions it registers, and what it tells people when it ends.
enum RunLineage {
    /// The lineage metadata of a version made by `record`: run, pipeline, data window, every
    /// stage's inputs, output, params, code identity and keys (so a later run can tell that it
    /// would only reproduce this version), the metrics and the blessing.
    static func metadata(for record: RunRecord, spec: PipelineSpec, blessed: Bool, gate: StageRecord?, fromStage: String) -> JSONValue {
        var stages: [String: JSONValue] = [:]
        var inputs: [String: JSONValue] = [:]
        var params: [String: JSONValue] = [:]
        var code: [String: JSONValue] = [:]
        for stage in record.stages {
            var entry: [String: JSONValue] = [:]
            if let output = stage.output { entry["output"] = .string(output.description); inputs[stage.name] = .string(output.description) }
            if let key = stage.cacheKey { entry["key"] = .string(key) }
            if let key = stage.reproductionKey { entry["reproduction_key"] = .string(key) }
            if let identity = stage.identity { entry["identity"] = .string(identity); code[stage.name] = .string(identity) }
            if let metrics = stage.metrics { entry["metrics"] = metrics }
            if let blessing = stage.blessing { entry["blessing"] = blessing }
            if let comparison = stage.comparison { entry["comparison"] = comparison }
            entry["inputs"] = .object(stage.inputs.mapValues { .string($0.description) })
            if let value = stage.params { params[stage.name] = value }
            stages[stage.name] = .object(entry)
        }
        let metrics = gate?.metrics ?? record.stage(fromStage)?.metrics ?? .object([:])
        var fields: [String: JSONValue] = [
            "blessed": .bool(blessed),
            "metrics": metrics,
            "run_id": .string(record.id),
            "pipeline": .string(record.pipeline),
            "as_of": .string(record.asOf),
            "data_window": dataWindow(record),
            "inputs": .object(inputs),
            "params": .object(params),
            "code": .object(code),
            "stages": .object(stages),
        ]
        if let blessing = gate?.blessing { fields["blessing"] = blessing }
        return .object(fields)
    }

    /// The data window: it ends at `as_of`; it starts `window` before, when a stage's params
    /// name a window (`90d`), else at the first timestamp a stage reported.
    static func dataWindow(_ record: RunRecord) -> JSONValue {
        var window: [String: JSONValue] = ["end": .string(record.asOf)]
        for stage in record.stages {
            if let text = stage.params?["window"]?.stringValue, let seconds = HumanDuration.seconds(text), let end = AsOf.date(record.asOf) {
                window["start"] = .string(AsOf.format(end.addingTimeInterval(-seconds)))
                window["window"] = .string(text)
                break
            }
            if let first = stage.metrics?["first_timestamp"]?.stringValue { window["start"] = .string(first) }
        }
        return .object(window)
    }

    /// The JSON a webhook or notify command receives.
    static func summary(of record: RunRecord) -> JSONValue {
        let failed = record.failedStage.flatMap { record.stage($0) }
        let gate = record.stages.last { $0.blessing != nil }
        var fields: [String: JSONValue] = [
            "pipeline": .string(record.pipeline),
            "model": .string(record.model),
            "run_id": .string(record.id),
            "status": .string(record.status.rawValue),
            "as_of": .string(record.asOf),
            "log_tail": .array((failed?.attempts.last?.logTail ?? []).map { .string($0) }),
        ]
        if let reason = record.reason { fields["reason"] = .string(reason) }
        if let stage = record.failedStage { fields["failed_stage"] = .string(stage) }
        if let version = record.version { fields["version"] = .number(Double(version)) }
        if let metrics = gate?.metrics { fields["metrics"] = metrics }
        if let reasons = gate?.blessing?["reasons"] { fields["blessing_reasons"] = reasons }
        return .object(fields)
    }
}
