public import ArgumentParser
package import Foundation
import Scheduling

/// `retrain cron next EXPR [--count N] [--after ISO8601] [--timezone TZ]`: prints the next
/// fire times of a cron expression, one ISO 8601 date-time with offset per line.
///
/// It is the quickest way to check a pipeline's `schedule` before deploying it, and it shows
/// the daylight-saving rules of `CronExpression.nextFireTime(after:in:)` at work.
public struct CronNextCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "next",
        abstract: "Print the next fire times of a cron expression.",
        discussion: """
            EXPR is five fields (minute hour day-of-month month day-of-week) or a macro \
            (@yearly @annually @monthly @weekly @daily @midnight @hourly). Quote it, or pass \
            the fields as separate arguments. Times print as ISO 8601 with the zone's offset.
            """
    )

    @Argument(help: "The cron expression, e.g. '30 2 * * MON-FRI' or @daily.")
    var expression: [String]

    @Option(help: "How many fire times to print.")
    var count: Int = 5

    @Option(help: ArgumentHelp(
        "Print fire times strictly after this instant (ISO 8601). Without an offset it is read in --timezone. Default: now.",
        valueName: "ISO8601"
    ))
    var after: String?

    @Option(help: ArgumentHelp(
        "IANA time zone the expression is read in, e.g. Europe/Berlin. Default: the system's.",
        valueName: "TZ"
    ))
    var timezone: String?

    public init() {}

    public func validate() throws {
        _ = try plan(now: Date())
    }

    public func run() throws {
        for line in try fireTimeLines(now: Date()) {
            print(line)
        }
    }

    /// The lines `run()` prints, with "now" supplied so tests need no clock.
    package func fireTimeLines(now: Date) throws -> [String] {
        let plan = try plan(now: now)
        let lines = plan.expression.fireTimes(after: plan.after, in: plan.timeZone)
            .prefix(count)
            .map { ISO8601Timestamp.string(from: $0, in: plan.timeZone) }
        guard !lines.isEmpty else {
            // Only times that daylight saving always skips, e.g. 02:30 on the day clocks go forward.
            throw ValidationError(
                "cron expression '\(plan.expression.source)' never fires in \(plan.timeZone.identifier): "
                    + "every time it names is skipped by a daylight-saving change"
            )
        }
        return lines
    }

    private struct Plan {
        let expression: CronExpression
        let timeZone: TimeZone
        let after: Date
    }

    private func plan(now: Date) throws -> Plan {
        let text = expression.joined(separator: " ")
        let parsed: CronExpression
        do {
            parsed = try CronExpression(text)
        } catch {
            throw ValidationError(error.description)
        }
        guard !parsed.neverFires else {
            throw ValidationError("cron expression '\(parsed.source)' never fires: no month has the days it names")
        }
        guard count >= 1 else {
            throw ValidationError("--count '\(count)' must be at least 1")
        }
        let timeZone: TimeZone
        if let timezone {
            guard let named = TimeZone(identifier: timezone) else {
                throw ValidationError("--timezone '\(timezone)' is not a known IANA time zone")
            }
            timeZone = named
        } else {
            timeZone = .current
        }
        var start = now
        if let after {
            guard let parsedAfter = ISO8601Timestamp.date(from: after, in: timeZone) else {
                throw ValidationError(
                    "--after '\(after)' is not an ISO 8601 date-time (YYYY-MM-DDTHH:MM[:SS][Z|±HH:MM])"
                )
            }
            start = parsedAfter
        }
        return Plan(expression: parsed, timeZone: timeZone, after: start)
    }
}
