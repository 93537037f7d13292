import Synchronization

/// The model the server answers with right now, swapped atomically by the watcher.
///
/// Requests read it once, at their start (``current``); the watcher replaces it whole
/// (``install(_:)``). The lock is held only to copy a reference, so readers never wait for a
/// load, and the old model lives on for as long as a request that began on it still runs.
public final class ModelHolder: Sendable {
    private struct State {
        var model: LoadedModel?
        /// Why there is no model, for 503 answers and `/readyz`, while ``model`` is nil.
        var unavailableReason: String
    }

    private let state: Mutex<State>

    public init(unavailableReason: String = "the server is starting and has not loaded a model yet") {
        state = Mutex(State(model: nil, unavailableReason: unavailableReason))
    }

    /// The model to answer with, or nil before the first successful load.
    public var current: LoadedModel? {
        state.withLock { $0.model }
    }

    /// The current model, or why there is none.
    public var currentOrReason: Result<LoadedModel, ServingError> {
        state.withLock { state in
            if let model = state.model { .success(model) } else { .failure(.noModel(state.unavailableReason)) }
        }
    }

    /// Makes `model` the one new requests use; returns the one it replaces.
    @discardableResult
    public func install(_ model: LoadedModel) -> LoadedModel? {
        state.withLock { state in
            let previous = state.model
            state.model = model
            return previous
        }
    }

    /// Records why no model can serve yet. Ignored once a model is loaded: a later failure
    /// never takes a working model away.
    public func setUnavailableReason(_ reason: String) {
        state.withLock { state in
            if state.model == nil { state.unavailableReason = reason }
        }
    }
}
