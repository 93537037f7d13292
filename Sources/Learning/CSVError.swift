/// Why a CSV file could not be read at all (as opposed to a rejected record).
///
/// Names the file and, where there is one, the line and column.
public struct CSVError: Error, CustomStringConvertible, Sendable {
    private enum Kind: Sendable {
        case io(reason: String)
        case header(line: Int, reason: String)
    }

    private let kind: Kind
    /// The file at fault.
    public let file: String

    private init(_ kind: Kind, file: String) {
        self.kind = kind
        self.file = file
    }

    static func io(file: String, reason: String) -> CSVError {
        CSVError(.io(reason: reason), file: file)
    }

    static func header(file: String, line: Int, reason: String) -> CSVError {
        CSVError(.header(line: line, reason: reason), file: file)
    }

    /// Whether the file could not be read (rather than being malformed).
    public var isIOError: Bool {
        if case .io = kind { return true }
        return false
    }

    public var description: String {
        switch kind {
        case .io(let reason): "\(file): \(reason)"
        case .header(let line, let reason): "\(file):\(line): \(reason)"
        }
    }
}
