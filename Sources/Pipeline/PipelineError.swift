/// A problem with a pipeline file, a run or a record: one line naming the file, line, key,
/// stage or run at fault.
public struct PipelineError: Error, CustomStringConvertible, Equatable, Sendable {
    private enum Kind: Equatable, Sendable {
        case spec(file: String, line: Int?, key: String, reason: String)
        case unknownRun(String)
        case notResumable(run: String, status: String)
        case executableNotFound(stage: String, run: String)
        case other(String)
    }

    private let kind: Kind
    private init(_ kind: Kind) { self.kind = kind }

    public var description: String {
        switch kind {
        case let .spec(file, line, key, reason):
            let location = line.map { "\(file):\($0)" } ?? file
            return key.isEmpty ? "\(location): \(reason)" : "\(location): \(key): \(reason)"
        case let .unknownRun(id):
            return "no run '\(id)' in this store (see retrain runs list)"
        case let .notResumable(run, status):
            return "run \(run) \(status); only a failed run can be resumed"
        case let .executableNotFound(stage, run):
            return "stage '\(stage)': executable '\(run)' was not found (relative to the pipeline file, next to retrain, or on PATH)"
        case let .other(reason):
            return reason
        }
    }

    /// A pipeline.yaml problem at `line` under `key` (e.g. `stages.train.retry.attempts`).
    public static func spec(_ file: String, line: Int?, key: String, _ reason: String) -> PipelineError {
        PipelineError(.spec(file: file, line: line, key: key, reason: reason))
    }

    public static func unknownRun(_ id: String) -> PipelineError { PipelineError(.unknownRun(id)) }
    public static func notResumable(_ id: String, status: String) -> PipelineError { PipelineError(.notResumable(run: id, status: status)) }
    public static func executableNotFound(stage: String, run: String) -> PipelineError { PipelineError(.executableNotFound(stage: stage, run: run)) }
    public static func other(_ reason: String) -> PipelineError { PipelineError(.other(reason)) }
}
