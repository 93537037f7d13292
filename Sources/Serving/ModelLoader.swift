/// Turns a serving bundle directory into a ``ServableModel``, or refuses it.
///
/// Loading is where a bad bundle is stopped: files that disagree, a model that does not fit
/// its transform, a self-check prediction that does not reproduce what the build recorded.
/// A refused bundle never serves; the ``ModelWatcher`` keeps the old model and reports why.
/// Called off the request path, on a thread that may block.
public protocol ModelLoader: Sendable {
    /// Loads the bundle extracted at `directory`. The directory is removed after this returns,
    /// so the model must hold everything it needs in memory.
    func load(bundleDirectory directory: String) throws -> any ServableModel
}
