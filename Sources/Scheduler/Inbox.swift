import Foundation
import Synchronization

/// A pipeline loop's mailbox: reloads and shutdown from the service, "run finished" from the
/// loop's own run task. One receiver; any number of senders.
final class Inbox<Message: Sendable>: Sendable {
    private struct State {
        var messages: [Message] = []
        var waiter: CheckedContinuation<Message?, Never>?
    }

    private let state = Mutex(State())

    func post(_ message: Message) {
        let waiter = state.withLock { state -> CheckedContinuation<Message?, Never>? in
            guard let waiter = state.waiter else {
                state.messages.append(message)
                return nil
            }
            state.waiter = nil
            return waiter
        }
        waiter?.resume(returning: message)
    }

    /// Puts a message back at the front (one taken by a receive that lost a race).
    func putBack(_ message: Message) {
        state.withLock { $0.messages.insert(message, at: 0) }
    }

    /// The next message without waiting, if there is one.
    func poll() -> Message? {
        state.withLock { $0.messages.isEmpty ? nil : $0.messages.removeFirst() }
    }

    /// The next message; nil when the task is cancelled first.
    func receive() async -> Message? {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Message?, Never>) in
                let ready: Message?? = state.withLock { state in
                    if !state.messages.isEmpty { return .some(state.messages.removeFirst()) }
                    if Task.isCancelled { return .some(nil) }
                    state.waiter = continuation
                    return .none
                }
                if let ready { continuation.resume(returning: ready) }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<Message?, Never>? in
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume(returning: nil)
        }
    }

    /// What woke a wait.
    enum Wake {
        case message(Message)
        case deadline
        case cancelled
    }

    /// The next message, or `.deadline` once `clock` reaches `deadline` (nil: no deadline).
    func next(orUntil deadline: Date?, clock: any SchedulerClock) async -> Wake {
        if let message = poll() { return .message(message) }
        guard let deadline else { return await receive().map(Wake.message) ?? .cancelled }
        return await withTaskGroup(of: Wake.self) { group in
            group.addTask {
                do {
                    try await clock.sleep(until: deadline)
                    return .deadline
                } catch {
                    return .cancelled
                }
            }
            group.addTask { await self.receive().map(Wake.message) ?? .cancelled }
            let first = await group.next() ?? .cancelled
            group.cancelAll()
            var winner = first
            for await other in group {
                switch (winner, other) {
                case (.cancelled, _):
                    winner = other
                case (_, .message(let message)):
                    // Both finished: keep the message for the next call rather than lose it.
                    putBack(message)
                default:
                    break
                }
            }
            return winner
        }
    }
}
