import Foundation
import Pipeline
import Scheduling

/// Crontab lines that run a pipeline from host cron, ready to paste: one block per pipeline,
/// a comment, `CRON_TZ=<timezone>` and the job line.
///
/// `CRON_TZ` is cronie's (Fedora, RHEL, Arch): the schedule of every line *below* it is read
/// in that zone, until the next `CRON_TZ` — so the block goes at the end of a crontab.
/// Debian's and Ubuntu's cron (Vixie cron 3.0) ignore `CRON_TZ` and read every schedule in the
/// system's zone. Macros such as `@monthly` pass through as written.
///
/// The job passes `--as-of` the start of the current minute in UTC, so a run started by cron
/// has the same `as_of` as the scheduler's or a backfill's run for that fire (and hits the
/// same cache). `%` is special to cron and is escaped as `\%`.
public enum CrontabEntry {
    /// How the job line runs the pipeline.
    public enum Invocation: Sendable, Equatable {
        /// `cd <pipeline dir> && <retrain> run --pipeline <file> --store <store>` on the host.
        case host(retrain: String, store: String)
        /// `cd <compose dir> && <compose command> -f <compose file> run --rm --entrypoint retrain <service> run --pipeline <file>`,
        /// the file relative to the compose file's directory. `--entrypoint` makes the line right
        /// whether the service sets `entrypoint` or `command`; the store is the service's own.
        case compose(command: [String], file: String, service: String)
    }

    /// The shell words of `--as-of`: the current minute in UTC, computed when cron runs the line.
    static let asOfArgument = #"--as-of "$(date -u +%Y-%m-%dT%H:%M:00Z)""#

    /// The block for one pipeline: comment, `CRON_TZ=`, job line.
    public static func lines(for pipeline: ScheduledPipeline, invocation: Invocation, logDirectory: String) -> [String] {
        let file = absolutePipelineFile(pipeline)
        let log = standardized(logDirectory) + "/retrain-\(pipeline.name).log"
        var words: [String]
        switch invocation {
        case let .host(retrain, store):
            words = ["cd", quote(standardized(pipeline.spec.directory)), "&&", quote(retrain), "run", "--pipeline", quote(file), "--store", quote(standardized(store))]
        case let .compose(command, composeFile, service):
            let composePath = standardized(composeFile)
            let composeDirectory = (composePath as NSString).deletingLastPathComponent
            let relative = file.hasPrefix(composeDirectory + "/") ? String(file.dropFirst(composeDirectory.count + 1)) : file
            words = ["cd", quote(composeDirectory), "&&"] + command.map(quote)
                + ["-f", quote(composePath), "run", "--rm", "--entrypoint", "retrain", quote(service), "run", "--pipeline", quote(relative)]
        }
        words += [asOfArgument, ">>", quote(log), "2>&1"]
        let job = pipeline.expression.source + " " + words.joined(separator: " ").replacingOccurrences(of: "%", with: #"\%"#)
        return [
            "# retrain pipeline \(pipeline.name) (\(file)): \(pipeline.expression.source) in \(pipeline.timeZoneName)",
            "CRON_TZ=\(pipeline.timeZoneName)",
            job,
        ]
    }

    /// The whole paste: a header and one block per pipeline, separated by blank lines.
    public static func crontab(for pipelines: [ScheduledPipeline], invocation: Invocation, logDirectory: String) -> String {
        var lines = [
            "# retrain: paste at the END of the crontab (crontab -e). CRON_TZ (cronie) applies to every line below it;",
            "# Debian/Ubuntu cron ignores CRON_TZ and uses the system time zone.",
        ]
        for pipeline in pipelines {
            lines.append("")
            lines += self.lines(for: pipeline, invocation: invocation, logDirectory: logDirectory)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The pipeline file as an absolute path without `.` or `..` parts.
    public static func absolutePipelineFile(_ pipeline: ScheduledPipeline) -> String {
        standardized(pipeline.spec.directory + "/" + (pipeline.spec.file as NSString).lastPathComponent)
    }

    /// A shell word: as it is when it has only safe characters, else in single quotes.
    static func quote(_ word: String) -> String {
        let safe = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./:=@%+-,")
        if !word.isEmpty, word.allSatisfy(safe.contains) { return word }
        return "'" + word.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
    }

    static func standardized(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        return (absolute as NSString).standardizingPath
    }
}
