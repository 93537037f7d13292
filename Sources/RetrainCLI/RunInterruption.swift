import Dispatch
import Foundation

/// Turns SIGTERM and SIGINT into cancellation of the running task, so a run stops its stage's
/// process group, records why, and exits with a failed status instead of dying mid-write.
final class RunInterruption: @unchecked Sendable {
    // @unchecked: the sources are created once and only cancelled in deinit.
    private var sources: [any DispatchSourceSignal] = []

    init(cancelling task: Task<some Sendable, some Error>) {
        for signalNumber in [SIGTERM, SIGINT] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { task.cancel() }
            source.resume()
            sources.append(source)
        }
    }

    deinit {
        for source in sources { source.cancel() }
    }
}
