/// A CSV record the reader set aside: where it starts, why, and its text.
public struct CSVRejectedRecord: Sendable, Hashable {
    /// The line the record starts on, counted from 1 as an editor counts (every LF is a
    /// line break, including those inside quoted fields).
    public var line: Int
    /// Why it was rejected; names the column when one column is at fault.
    public var reason: String
    /// The record's raw text, without its line terminator (invalid UTF-8 replaced).
    public var text: String

    public init(line: Int, reason: String, text: String) {
        self.line = line
        self.reason = reason
        self.text = text
    }
}
