/// The exit status of a stage executable, as the coordinator reads it.
///
/// The coordinator decides whether to retry from this code alone: `noData` and `badInput`
/// are final (a retry reads the same inputs and fails the same way), anything else may be
/// cured by a retry.
public struct StageExit: Sendable, Hashable, CustomStringConvertible {
    /// The process exit code.
    public let code: Int32

    public init(code: Int32) {
        self.code = code
    }

    /// 0: the stage wrote its output.
    public static let success = StageExit(code: 0)
    /// 3: there is no data to work on (an empty window, an empty source).
    public static let noData = StageExit(code: 3)
    /// 65 (`EX_DATAERR`): the input data or the params are bad; a retry cannot help.
    public static let badInput = StageExit(code: 65)
    /// 1: any other failure (I/O, a server that did not answer); a retry may help.
    public static let failure = StageExit(code: 1)

    /// Whether running the stage again on the same inputs could succeed.
    public var isRetryable: Bool {
        self != .success && self != .noData && self != .badInput
    }

    public var description: String {
        switch self {
        case .success: "success (0)"
        case .noData: "no data (3)"
        case .badInput: "bad input (65)"
        default: "failure (\(code))"
        }
    }
}

/// An error that knows which exit status it stands for.
///
/// `StageMain` uses it to turn any library's error into the right exit code without the
/// contract knowing those libraries; errors that do not conform exit with `.failure`.
public protocol StageExitReporting: Error {
    /// The exit status this error should end the stage with.
    var stageExit: StageExit { get }
}
