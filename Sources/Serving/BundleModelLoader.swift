/// Loads serving bundles with the inference code of `Learning`.
///
/// TEMPORARY: the serving bundle and its inference type are being written on the `stages`
/// branch; until they are merged this loader refuses every bundle (the server then answers
/// 503 with this reason). It never predicts anything itself.
public struct BundleModelLoader: ModelLoader {
    public init() {}

    public func load(bundleDirectory directory: String) throws -> any ServableModel {
        throw ServingError.failed("this build has no serving bundle loader yet (Learning's inference type is not merged)")
    }
}
