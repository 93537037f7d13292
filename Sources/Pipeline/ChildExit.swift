import Foundation

/// How a child process ended, decoded from `waitpid`'s status.
struct ChildExit: Equatable, Sendable {
    var status: Int32?
    var signal: Int32?

    init(waitStatus: Int32) {
        if waitStatus & 0x7f == 0 {
            status = (waitStatus >> 8) & 0xff
            signal = nil
        } else {
            status = nil
            signal = waitStatus & 0x7f
        }
    }

    /// Waits for `pid` on a thread of its own (waitpid blocks), without holding a pool thread.
    static func wait(for pid: pid_t) async -> ChildExit {
        await withCheckedContinuation { continuation in
            let thread = Thread {
                var status: Int32 = 0
                while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
                continuation.resume(returning: ChildExit(waitStatus: status))
            }
            thread.start()
        }
    }
}
