/// What collect read: the counts and timestamps behind `metrics.json` and the exit decision.
public struct CollectResult: Sendable, Hashable {
    /// Rows written to the output table.
    public var rows = 0
    /// Rows set aside in `rejected.csv`.
    public var rejectedRows = 0
    /// Records whose timestamp fell outside the window.
    public var outsideWindowRows = 0
    /// The first and last timestamp among the kept rows (microseconds since the epoch).
    public var firstTimestamp: Int64?
    public var lastTimestamp: Int64?

    public init() {}

    mutating func include(timestamp: Int64) {
        firstTimestamp = min(firstTimestamp ?? .max, timestamp)
        lastTimestamp = max(lastTimestamp ?? .min, timestamp)
    }
}
