/// A params file that cannot be used: bad JSON, an unknown key, a wrong type, a missing key.
///
/// Every case names the file and, where there is one, the line and the key path
/// (`source.kind`), so that the one-line reason on stderr says exactly what to fix. It exits
/// with 65: the same params fail the same way on every retry.
public struct ParamsError: StageExitReporting, CustomStringConvertible {
    private enum Kind: Sendable {
        case unreadable(reason: String)
        case syntax(line: Int, column: Int, message: String)
        case unknownKey(line: Int, path: String)
        case missingKey(line: Int, path: String)
        case wrongType(line: Int, path: String, expected: String, found: String)
        case invalidValue(line: Int, path: String, message: String)
    }

    private let kind: Kind
    /// The params file, as named on the command line.
    public let file: String

    private init(_ kind: Kind, file: String) {
        self.kind = kind
        self.file = file
    }

    public var stageExit: StageExit {
        if case .unreadable = kind { return .failure }
        return .badInput
    }

    /// The line the error points at, when there is one.
    public var line: Int? {
        switch kind {
        case .unreadable: nil
        case .syntax(let line, _, _), .unknownKey(let line, _), .missingKey(let line, _),
             .wrongType(let line, _, _, _), .invalidValue(let line, _, _):
            line
        }
    }

    /// Whether the error is an unknown key (tests and callers that want to tell).
    public var isUnknownKey: Bool {
        if case .unknownKey = kind { return true }
        return false
    }

    static func unreadable(file: String, reason: String) -> ParamsError {
        ParamsError(.unreadable(reason: reason), file: file)
    }

    static func syntax(file: String, line: Int, column: Int, message: String) -> ParamsError {
        ParamsError(.syntax(line: line, column: column, message: message), file: file)
    }

    static func unknownKey(file: String, line: Int, path: String) -> ParamsError {
        ParamsError(.unknownKey(line: line, path: path), file: file)
    }

    static func missingKey(file: String, line: Int, path: String) -> ParamsError {
        ParamsError(.missingKey(line: line, path: path), file: file)
    }

    static func wrongType(file: String, line: Int, path: String, expected: String, found: String) -> ParamsError {
        ParamsError(.wrongType(line: line, path: path, expected: expected, found: found), file: file)
    }

    static func invalidValue(file: String, line: Int, path: String, message: String) -> ParamsError {
        ParamsError(.invalidValue(line: line, path: path, message: message), file: file)
    }

    public var description: String {
        switch kind {
        case .unreadable(let reason):
            "cannot read params \(file): \(reason)"
        case .syntax(let line, let column, let message):
            "\(file):\(line):\(column): invalid JSON: \(message)"
        case .unknownKey(let line, let path):
            "\(file):\(line): unknown key \"\(path)\""
        case .missingKey(let line, let path):
            "\(file):\(line): missing key \"\(path)\""
        case .wrongType(let line, let path, let expected, let found):
            "\(file):\(line): \"\(path)\" must be \(expected), found \(found)"
        case .invalidValue(let line, let path, let message):
            "\(file):\(line): \"\(path)\": \(message)"
        }
    }
}
