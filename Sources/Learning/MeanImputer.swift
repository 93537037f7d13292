/// Replaces missing numbers (NaN) by the column's training mean: `SimpleImputer(strategy="mean")`.
///
/// A column with no value at all in training has no mean; scikit-learn then drops it from the
/// output (`keep_empty_features=False`), and so does this imputer: its statistic is `nil` and
/// ``keptColumns`` leaves it out.
public struct MeanImputer: Sendable, Codable, Equatable {
    /// Mean of the non-missing training values per column (`statistics_`), `nil` when none.
    public let statistics: [Double?]

    public init(statistics: [Double?]) { self.statistics = statistics }

    /// Learns the means of `columns`.
    public static func fit(_ columns: [[Double]]) -> MeanImputer {
        MeanImputer(
            statistics: columns.map { values in
                values.withUnsafeBufferPointer { x in
                    // numpy's masked mean: missing values count as 0 in a pairwise sum.
                    var count = 0
                    for value in x where !value.isNaN { count += 1 }
                    guard count > 0 else { return nil }
                    return PairwiseSum.sum(count: x.count) { x[$0].isNaN ? 0 : x[$0] } / Double(count)
                }
            })
    }

    /// Indices of the columns that appear in the output.
    public var keptColumns: [Int] { statistics.indices.filter { statistics[$0] != nil } }

    /// Column `index` with its missing values filled; `nil` for a dropped column.
    public func transform(_ values: [Double], column index: Int) -> [Double]? {
        guard let mean = statistics[index] else { return nil }
        return values.map { $0.isNaN ? mean : $0 }
    }
}
