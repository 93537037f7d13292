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
        if count >= 1 << 30 { return fixed(value / Double(1 << 30), decimals: 2) + " GiB" }
        if count >= 1 << 20 { return fixed(value / Double(1 << 20), decimals: 1) + " MiB" }
        if count >= 1 << 10 { return fixed(value / 1024, decimals: 1) + " KiB" }
        return "\(count) B"
    }

    /// `230 MB/s` for `count` bytes over `seconds`.
    public static func rate(_ count: Int64, seconds: TimeInterval) -> String {
        guard seconds > 0 else { return "-" }
        return fixed(Double(count) / seconds / 1e6, decimals: 0) + " MB/s"
    }

    /// `value` with `decimals` digits after the point (0…3), rounded half away from zero.
    ///
    /// Not `String(format:)`: that goes through `NSString`, whose first use cost a stage
    /// process ~0.5 ms, and every stage prints a line like this.
    public static func fixed(_ value: Double, decimals: Int) -> String {
        let factor: Int64 = [1, 10, 100, 1000][min(max(decimals, 0), 3)]
        let scaled = (value * Double(factor)).rounded()
        guard scaled.isFinite, abs(scaled) < 1e15 else { return "\(value)" }
        let units = Int64(scaled)
        let magnitude = units.magnitude
        let whole = magnitude / UInt64(factor)
        let sign = units < 0 ? "-" : ""
        guard factor > 1 else { return "\(sign)\(whole)" }
        let fraction = String(magnitude % UInt64(factor))
        let padding = String(repeating: "0", count: String(factor).count - 1 - fraction.count)
        return "\(sign)\(whole).\(padding)\(fraction)"
    }
}
