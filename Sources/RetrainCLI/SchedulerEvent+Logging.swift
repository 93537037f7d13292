import Foundation
import Logging
import Pipeline
import Scheduler
import Scheduling

extension SchedulerEvent {
    /// Logs the event as `retrain schedule` shows it: one line, the pipeline as metadata.
    func log(to logger: Logger) {
        switch self {
        case let .nextFire(pipeline, fire, wake, zone):
            let jitter = wake > fire ? " (jitter: starts at \(ISO8601Timestamp.format(wake, zone)))" : ""
            logger.info("next fire \(ISO8601Timestamp.format(fire, zone))\(jitter)", metadata: ["pipeline": "\(pipeline)"])
        case let .started(pipeline, fire, isCatchUp):
            logger.info("run for \(AsOf.format(fire)) started\(isCatchUp ? " (catching up a missed fire)" : "")", metadata: ["pipeline": "\(pipeline)"])
        case let .progress(pipeline, line):
            logger.info("\(line)", metadata: ["pipeline": "\(pipeline)"])
        case let .finished(pipeline, _, record):
            var text = "run \(record.id) for \(record.asOf): \(record.status.rawValue)"
            if let version = record.version { text += ", \(record.model) version \(version)\(record.promoted.map { " -> \($0)" } ?? "")" }
            if let reason = record.reason { text += ": \(reason)" }
            let level: Logger.Level = switch record.status {
            case .succeeded, .upToDate, .running: .info
            case .rejected, .skipped: .warning
            case .failed: .error
            }
            logger.log(level: level, "\(text)", metadata: ["pipeline": "\(pipeline)", "run": "\(record.id)"])
        case let .runError(pipeline, fire, reason):
            logger.error("run for \(AsOf.format(fire)) could not start: \(reason)", metadata: ["pipeline": "\(pipeline)"])
        case let .skipped(pipeline, _, record), let .missed(pipeline, _, record):
            logger.warning("\(record.reason ?? "skipped") (run record \(record.id))", metadata: ["pipeline": "\(pipeline)", "run": "\(record.id)"])
        case let .reloaded(pipeline, file, isScheduleChanged):
            logger.notice("reloaded \(file)\(isScheduleChanged ? " (new schedule)" : "")", metadata: ["pipeline": "\(pipeline)"])
        case let .reloadFailed(file, reason):
            logger.error("not reloaded, keeping the running version of \(file): \(reason)")
        case let .waitingForRun(pipeline, fire, deadline):
            logger.notice("stopping: waiting until \(AsOf.format(deadline)) for the run for \(AsOf.format(fire)) to finish", metadata: ["pipeline": "\(pipeline)"])
        case let .stoppingRun(pipeline, fire):
            logger.warning("grace period over: stopping the run for \(AsOf.format(fire))", metadata: ["pipeline": "\(pipeline)"])
        case let .stateNotSaved(pipeline, reason):
            logger.error("state not saved: \(reason)", metadata: ["pipeline": "\(pipeline)"])
        case let .stopped(pipeline):
            logger.debug("stopped", metadata: ["pipeline": "\(pipeline)"])
        }
    }
}

private extension ISO8601Timestamp {
    static func format(_ date: Date, _ zone: TimeZone) -> String { string(from: date, in: zone) }
}
