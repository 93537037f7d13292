import Foundation
public import ServiceLifecycle
import UnixSignals

/// Reloads the scheduler's pipeline files on SIGHUP, and when one of them changes on disk
/// (checked every `pollInterval` of real time), as a `Service` beside the scheduler.
///
/// A reload never loses a pipeline's place: see `SchedulerService.reload(only:)`.
public struct ReloadService: Service {
    public let scheduler: SchedulerService
    /// How often the files are checked for changes; nil: only on SIGHUP.
    public let pollInterval: Duration?

    public init(scheduler: SchedulerService, pollInterval: Duration? = .seconds(5)) {
        self.scheduler = scheduler
        self.pollInterval = pollInterval
    }

    public func run() async throws {
        let (scheduler, pollInterval) = (self.scheduler, self.pollInterval)
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    for await _ in await UnixSignalsSequence(trapping: .sighup) { scheduler.reload() }
                }
                if let pollInterval {
                    group.addTask {
                        var watcher = PipelineFileWatcher(files: scheduler.files)
                        while (try? await Task.sleep(for: pollInterval)) != nil {
                            let changed = watcher.changedFiles()
                            if !changed.isEmpty { scheduler.reload(only: changed) }
                        }
                    }
                }
            }
        }
    }
}
