/// The type of a table column: what its values are and how they are stored on disk.
///
/// The raw values are the names used in params (`"columns": {"amount": "number"}`) and in
/// `schema.json`.
public enum ColumnType: String, Sendable, Hashable, Codable, CaseIterable {
    /// 64-bit floating point; missing is NaN.
    case number
    /// UTF-8 text, dictionary-encoded; missing is code -1.
    case string
    /// Microseconds since the Unix epoch, UTC; missing is `Int64.min`.
    case timestamp
}
