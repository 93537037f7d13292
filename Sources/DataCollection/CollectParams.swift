public import Learning

/// The params of `retrain-collect`, as the params file spells them.
///
/// ```json
/// {"source": {"kind": "csv", "path": "data/"},
///  "timestamp_column": "date", "window": "90d", "as_of": "2015-01-01",
///  "columns": {"amount": "number"}, "max_rejected_fraction": 0.01}
/// ```
/// `timestamp_column` is required: the pattern retrains on a time window, and the metrics
/// report the data's first and last timestamps. `window` needs `as_of` (a window ending
/// "now" would make the output depend on when the stage ran); `as_of` alone keeps
/// everything before it; neither keeps every row.
public struct CollectParams: Sendable, Decodable {
    public var source: CollectSource
    public var timestampColumn: String
    public var window: WindowLength?
    /// `as_of` in microseconds since the epoch.
    public var asOf: Int64?
    /// Declared column types; columns not named here are inferred.
    public var columns: [String: ColumnType]
    public var maxRejectedFraction: Double

    private enum CodingKeys: String, CodingKey {
        case source
        case timestampColumn = "timestamp_column"
        case window
        case asOf = "as_of"
        case columns
        case maxRejectedFraction = "max_rejected_fraction"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        source = try container.decode(CollectSource.self, forKey: .source)
        timestampColumn = try container.decode(String.self, forKey: .timestampColumn)
        window = try container.decodeIfPresent(WindowLength.self, forKey: .window)
        if let text = try container.decodeIfPresent(String.self, forKey: .asOf) {
            guard let micros = TimestampParser.parse(text) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .asOf, in: container,
                    debugDescription: "\"\(text)\" is not an ISO 8601 date or date-time"
                )
            }
            asOf = micros
        }
        columns = try container.decodeIfPresent([String: ColumnType].self, forKey: .columns) ?? [:]
        maxRejectedFraction = try container.decodeIfPresent(Double.self, forKey: .maxRejectedFraction) ?? 0.01
        guard (0...1).contains(maxRejectedFraction) else {
            throw DecodingError.dataCorruptedError(
                forKey: .maxRejectedFraction, in: container, debugDescription: "must be between 0 and 1"
            )
        }
        if window != nil, asOf == nil {
            throw DecodingError.dataCorruptedError(
                forKey: .window, in: container,
                debugDescription: "a window needs as_of: the end of the window must be given, not taken from the clock"
            )
        }
        if let declared = columns[timestampColumn], declared != .timestamp {
            throw DecodingError.dataCorruptedError(
                forKey: .columns, in: container,
                debugDescription: "timestamp_column \(timestampColumn) is declared \(declared.rawValue); it must be timestamp"
            )
        }
    }

    /// The kept range of timestamps, `as_of − window ≤ t < as_of`; nil keeps every row.
    public var timeRange: Range<Int64>? {
        guard let asOf else { return nil }
        guard let window else { return Int64.min..<asOf }
        return (asOf - window.microseconds)..<asOf
    }
}
