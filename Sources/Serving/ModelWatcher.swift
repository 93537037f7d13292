import Foundation
public import Logging
import NIOPosix
public import ServiceLifecycle

/// Keeps the served model in step with its source: the hot swap.
///
/// Every `pollInterval` it asks the ``ModelSource`` what it points at. When that differs from
/// the model being served, it fetches the bundle into a fresh temporary directory (the source
/// verifies the digest), loads it with the ``ModelLoader`` (which checks the files and runs
/// the self-check prediction) on a thread that may block, and only then installs it in the
/// ``ModelHolder`` — one reference swap, so requests never see half a model, and requests
/// already running finish on the model they started with.
///
/// A bundle that fails any step is refused: the old model keeps serving, the failure is
/// logged at error level and counted in `retrain_serve_model_reload_failures_total`, and the
/// same pointer is not tried again until the source moves. A failed poll (the source cannot
/// be read) is logged and counted and changes nothing.
///
/// A `Service`: it runs until graceful shutdown, which it honours between polls.
public struct ModelWatcher<Source: ModelSource>: Service {
    public let source: Source
    public let loader: any ModelLoader
    public let holder: ModelHolder
    public let metrics: ServingMetrics
    public let pollInterval: Duration
    public let logger: Logger
    /// Where bundles are extracted while they load (removed right after); the system's
    /// temporary directory unless given.
    public let workDirectory: String

    public init(
        source: Source, loader: any ModelLoader, holder: ModelHolder, metrics: ServingMetrics,
        pollInterval: Duration = .milliseconds(250), workDirectory: String? = nil, logger: Logger
    ) {
        self.source = source
        self.loader = loader
        self.holder = holder
        self.metrics = metrics
        self.pollInterval = pollInterval
        self.workDirectory = workDirectory ?? NSTemporaryDirectory()
        self.logger = logger
    }

    /// What the watcher remembers between polls.
    struct State {
        /// The pointer of the model being served.
        var loaded: Source.Pointer?
        /// The last pointer refused, not retried until the source points elsewhere.
        var refused: Source.Pointer?
        /// Whether the last poll failed (so that recovery is logged once).
        var sourceFailing = false
        /// The last "nothing to serve" reason logged, so it is logged once.
        var emptyReason: String?
    }

    public func run() async throws {
        logger.info("following \(source.description)", metadata: ["poll_interval": "\(pollInterval)"])
        var state = State()
        while !Task.isShuttingDownGracefully {
            await checkOnce(&state)
            do {
                let interval = pollInterval
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            } catch {
                break
            }
        }
    }

    /// One poll: load and swap when the source moved. Exposed to tests through ``check()``.
    func checkOnce(_ state: inout State) async {
        let answer: ModelSourceState<Source.Pointer>
        do {
            answer = try await source.poll()
            if state.sourceFailing {
                logger.info("model source readable again", metadata: ["source": "\(source.description)"])
                state.sourceFailing = false
            }
        } catch {
            metrics.recordSourceError()
            if !state.sourceFailing {
                logger.error("cannot read the model source; the current model keeps serving", metadata: [
                    "source": "\(source.description)", "error": "\(error)",
                ])
            }
            state.sourceFailing = true
            holder.setUnavailableReason("cannot read \(source.description): \(error)")
            return
        }
        switch answer {
        case .empty(let reason):
            if state.emptyReason != reason {
                if state.loaded == nil {
                    logger.warning("nothing to serve yet: \(reason)")
                } else {
                    logger.warning("the source points at nothing now; the current model keeps serving: \(reason)")
                }
                state.emptyReason = reason
            }
            holder.setUnavailableReason(reason)
        case .pointing(let pointer):
            state.emptyReason = nil
            guard pointer != state.loaded, pointer != state.refused else { return }
            let started = ContinuousClock.now
            do {
                let model = try await load(pointer)
                let elapsed = ContinuousClock.now - started
                let previous = holder.install(model)
                state.loaded = pointer
                state.refused = nil
                metrics.recordReload(of: model.identity, duration: elapsed)
                logger.info("serving \(model.identity.summary)", metadata: [
                    "previous": "\(previous.map(\.identity.summary) ?? "none")", "load_seconds": "\(elapsed)",
                ])
            } catch {
                state.refused = pointer
                metrics.recordReloadFailure()
                let keeping = holder.current.map { "; still serving \($0.identity.summary)" } ?? "; no model is serving"
                logger.error("refused \(pointer) of \(source.description)\(keeping)", metadata: ["error": "\(error)"])
                holder.setUnavailableReason("\(pointer) was refused: \(error)")
            }
        }
    }

    /// Fetches, loads and checks the bundle `pointer` names, in a directory removed afterwards.
    func load(_ pointer: Source.Pointer) async throws -> LoadedModel {
        let scratch = try makeScratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let bundle = scratch + "/bundle"
        let identity = try await source.fetch(pointer, into: bundle)
        let loader = self.loader
        let model = try await NIOThreadPool.singleton.runIfActive {
            try loader.load(bundleDirectory: bundle)
        }
        return LoadedModel(identity: identity, model: model)
    }

    private func makeScratchDirectory() throws -> String {
        let template = (workDirectory.hasSuffix("/") ? workDirectory : workDirectory + "/") + "retrain-serve-XXXXXX"
        var bytes = Array(template.utf8CString)
        guard let made = mkdtemp(&bytes) else {
            throw ServingError.failed("cannot create a scratch directory under \(workDirectory): errno \(errno)")
        }
        return String(cString: made)
    }
}
