public import Foundation

/// Progress of one long task on standard error, shaped for whoever is reading.
///
/// On a terminal it is one line, rewritten in place (carriage return + erase-line) at most ten
/// times a second. When stderr is not a terminal — cron mail, CI logs, `docker compose logs` —
/// it is a plain line at most every `plainInterval` seconds and never any control character,
/// so logs stay readable and small. `finish` always prints the final state on its own line.
public final class ProgressLine: @unchecked Sendable {
    // @unchecked: all mutable state is guarded by `lock`.
    private let task: String
    private let isTerminal: Bool
    private let plainInterval: TimeInterval
    private let write: @Sendable (String) -> Void
    private let lock = NSLock()
    private var lastPrinted: Date?
    private var lastText = ""
    private var isFinished = false
    public let started = Date()

    /// - Parameters:
    ///   - task: a short name shown before every update (`put`, `train`, `collect`).
    ///   - isTerminal: defaults to whether stderr is a TTY (and `TERM` is not `dumb`).
    public init(task: String, isTerminal: Bool = ProgressLine.standardErrorIsTerminal, plainInterval: TimeInterval = 5,
                write: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }) {
        self.task = task
        self.isTerminal = isTerminal
        self.plainInterval = plainInterval
        self.write = write
    }

    public static var standardErrorIsTerminal: Bool {
        isatty(2) == 1 && ProcessInfo.processInfo.environment["TERM"] != "dumb"
    }

    /// Seconds since the task started.
    public var elapsed: TimeInterval { Date().timeIntervalSince(started) }

    /// Reports the current state; printed now or dropped, depending on how recently we printed.
    public func update(_ text: String) {
        lock.withLock {
            guard !isFinished else { return }
            let now = Date()
            let interval = isTerminal ? 0.1 : plainInterval
            // A plain log waits a whole interval before its first line: short tasks print only `finish`.
            let reference = lastPrinted ?? (isTerminal ? .distantPast : started)
            guard now.timeIntervalSince(reference) >= interval else { lastText = text; return }
            lastPrinted = now
            lastText = text
            write(isTerminal ? "\r\u{1B}[K\(task): \(text)" : "\(task): \(text)\n")
        }
    }

    /// The final state, always printed, on its own line.
    public func finish(_ text: String) {
        lock.withLock {
            guard !isFinished else { return }
            isFinished = true
            write(isTerminal ? "\r\u{1B}[K\(task): \(text)\n" : "\(task): \(text)\n")
        }
    }

    /// Removes the updating line from a terminal (nothing to do in a plain log).
    public func clear() {
        lock.withLock {
            guard !isFinished else { return }
            isFinished = true
            if isTerminal && lastPrinted != nil { write("\r\u{1B}[K") }
        }
    }

    /// `12.3 MiB` style sizes.
    public static func bytes(_ count: Int64) -> String {
        let value = Double(count)
        if count >= 1 << 30 { return String(format: "%.2f GiB", value / Double(1 << 30)) }
        if count >= 1 << 20 { return String(format: "%.1f MiB", value / Double(1 << 20)) }
        if count >= 1 << 10 { return String(format: "%.1f KiB", value / 1024) }
        return "\(count) B"
    }

    /// `230 MB/s` for `count` bytes over `seconds`.
    public static func rate(_ count: Int64, seconds: TimeInterval) -> String {
        guard seconds > 0 else { return "-" }
        return String(format: "%.0f MB/s", Double(count) / seconds / 1e6)
    }
}
