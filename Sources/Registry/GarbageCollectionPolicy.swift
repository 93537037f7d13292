/// How much gc keeps. Every field errs on the side of keeping: rollback must always work.
public struct GarbageCollectionPolicy: Sendable {
    /// The newest N versions of each model keep their bundles.
    public var keepVersions: Int
    /// Run records (and the logs and outputs they name) younger than this are kept; so are
    /// stage cache entries used within it.
    public var keepRunsSeconds: Double
    /// Versions any alias pointed at within the last N history entries are kept, on top of
    /// every version an alias's rollback lineage can reach.
    public var historyEntries: Int
    /// Unreachable blobs younger than this are left alone: a run may be writing them right now.
    public var graceSeconds: Double

    public init(keepVersions: Int = 10, keepRunsSeconds: Double = 30 * 86400, historyEntries: Int = 50, graceSeconds: Double = 3600) {
        self.keepVersions = keepVersions
        self.keepRunsSeconds = keepRunsSeconds
        self.historyEntries = historyEntries
        self.graceSeconds = graceSeconds
    }
}

/// What a gc pass removed (or, in a dry run, would remove).
public struct GarbageCollectionReport: Sendable {
    public var removedBlobs: [String] = []
    public var freedBytes: Int64 = 0
    public var prunedVersions: [String] = []
    public var removedRuns: [String] = []
    public var removedCacheEntries: [String] = []
    public var keptBlobs = 0
}
