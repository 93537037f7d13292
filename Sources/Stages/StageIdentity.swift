/// Which stage executable, at which version, wrote an output: recorded in every stage's
/// main JSON file and gathered by build into the bundle's `metadata.json`.
///
/// The version is the code's release, not the binary's digest: the coordinator already
/// keys its cache on the binary, and a rebuilt but unchanged stage must give the same bundle
/// bytes (and so be "up to date") rather than a new model version.
public struct StageIdentity: Sendable, Codable, Equatable {
    /// The release of the built-in stages.
    public static let version = "0.1.0"

    public static let preprocess = StageIdentity(name: "retrain-preprocess")
    public static let train = StageIdentity(name: "retrain-train")
    public static let evaluate = StageIdentity(name: "retrain-evaluate")
    public static let build = StageIdentity(name: "retrain-build")

    public let name: String
    public let version: String

    public init(name: String, version: String = StageIdentity.version) {
        self.name = name
        self.version = version
    }
}
