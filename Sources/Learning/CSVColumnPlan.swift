/// How the CSV reader treats one column: its type, and what a value that does not fit means.
///
/// A declared type is a promise about the data: a value that breaks it rejects the record.
/// An inferred type is only a guess from a sample: a value that breaks it means the guess
/// was wrong, and the reader reports the column to be read again as `string`.
public struct CSVColumnPlan: Sendable, Hashable {
    /// The column's type.
    public var type: ColumnType
    /// Whether the type was declared (strict) rather than inferred (widened on conflict).
    public var isDeclared: Bool

    public init(type: ColumnType, isDeclared: Bool) {
        self.type = type
        self.isDeclared = isDeclared
    }
}
