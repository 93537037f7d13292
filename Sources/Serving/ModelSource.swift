/// Where the server's model comes from, and how to tell that it moved.
///
/// This is the extension point for following something other than the local registry. The
/// ``ModelWatcher`` calls ``poll()`` every poll interval and compares the ``Pointer`` it gets
/// with the one it loaded last; when it differs, it calls ``fetch(_:into:)`` to put the
/// bundle on local disk, loads it with a ``ModelLoader``, and swaps. Everything else —
/// loading off the request path, refusing a bad bundle, keeping the old model, metrics, logs,
/// readiness — belongs to the watcher and works the same for every source.
///
/// Kinds today: ``LocalRegistrySource`` (an alias, a fixed version or a pinned digest in a
/// store on this machine). A replica following a tag in a remote OCI registry (issue 11) is a
/// second conformance: its `Pointer` is the tag's manifest digest, `poll()` is a HEAD of the
/// tag, and `fetch` pulls the manifest and its blobs into the local store (verifying every
/// digest, registering the version) and then extracts the bundle as the local source does.
/// A source that cannot be reached throws from `poll()`: the watcher keeps serving, logs it
/// and counts it in `retrain_serve_source_errors_total`.
public protocol ModelSource: Sendable, CustomStringConvertible {
    /// A handle on one bundle: equal pointers mean the same bundle, so nothing to reload.
    associatedtype Pointer: Hashable, Sendable, CustomStringConvertible

    /// What the source points at now. Called every poll interval, so it must be cheap.
    func poll() async throws -> ModelSourceState<Pointer>

    /// Materialises the bundle `pointer` names as a directory at `directory` (which does not
    /// exist yet), verifying its digest, and says exactly which model it is.
    func fetch(_ pointer: Pointer, into directory: String) async throws -> ModelIdentity
}

/// What a ``ModelSource`` points at right now.
public enum ModelSourceState<Pointer: Hashable & Sendable>: Sendable, Equatable {
    /// Nothing to serve yet, and why ("weather has no alias 'production' yet").
    case empty(reason: String)
    /// A bundle to serve.
    case pointing(Pointer)
}
