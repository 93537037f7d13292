/// What reading one CSV file found, summed over its chunks.
public struct CSVReadSummary: Sendable, Hashable {
    /// Records read (blank lines are not records).
    public var records = 0
    /// Rows kept.
    public var rows = 0
    /// Records outside the time range.
    public var outsideRange = 0
    /// Records rejected.
    public var rejected = 0
    /// The smallest and largest kept timestamp, when there is a time column and a kept row.
    public var minimumTimestamp: Int64?
    public var maximumTimestamp: Int64?
    /// Columns with an inferred type that some value contradicted, in column order: read
    /// the file again with these as `string`.
    public var columnsToWiden: [Int] = []

    public init() {}
}
