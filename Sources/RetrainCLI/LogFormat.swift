import ArgumentParser
import Logging

/// `--log-format text|json` and `--log-level` for the long-running commands: human lines on a
/// terminal, JSON lines for a log collector. Libraries only take a `Logger`; the choice is here.
struct LogOptions: ParsableArguments {
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Option(help: "Log lines as text or json (one JSON object per line).") var logFormat: Format = .text
    @Option(help: "The lowest level logged: trace, debug, info, notice, warning, error or critical.") var logLevel: String = "info"

    func validate() throws {
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical; not '\(logLevel)'")
        }
    }

    func makeLogger(label: String) -> Logger {
        let format = logFormat
        var logger = Logger(label: label) { label in StandardErrorLogHandler(label: label, isJSON: format == .json) }
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        return logger
    }
}
