import Foundation

/// Whether a process is still running, as the kernel reports it.
public enum ProcessState {
    /// True unless the process is gone or a zombie (dead, waiting to be reaped by whoever
    /// inherited it — here PID 1 may never do that, so `kill(pid, 0)` alone would lie).
    public static func isRunning(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return false }
        let state = stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first
        return state != "Z" && state != "X"
    }
}
