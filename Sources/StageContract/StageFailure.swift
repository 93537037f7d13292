/// A stage ending early: an exit status and a one-line reason for stderr.
///
/// Stages throw it (or any `StageExitReporting` error) from their body; `StageMain` prints
/// the reason and exits with the code. The reason is one line: newlines are folded into
/// spaces so that log scrapers and the coordinator's log tail see one record per failure.
public struct StageFailure: StageExitReporting, CustomStringConvertible, Equatable {
    /// The exit status the stage ends with.
    public let stageExit: StageExit
    /// What went wrong and where (file, line, column), on one line.
    public let reason: String

    public init(_ stageExit: StageExit, _ reason: String) {
        self.stageExit = stageExit
        self.reason = StageFailure.oneLine(reason)
    }

    /// Exit 3: nothing to work on.
    public static func noData(_ reason: String) -> StageFailure {
        StageFailure(.noData, reason)
    }

    /// Exit 65: the data or the params are bad and a retry cannot help.
    public static func badInput(_ reason: String) -> StageFailure {
        StageFailure(.badInput, reason)
    }

    /// Exit 1: a failure a retry may cure.
    public static func failure(_ reason: String) -> StageFailure {
        StageFailure(.failure, reason)
    }

    public var description: String { reason }

    /// Folds line breaks and tabs into single spaces.
    static func oneLine(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        var lastWasSpace = false
        for character in text {
            if character.isNewline || character == "\t" {
                if !lastWasSpace { result.append(" ") }
                lastWasSpace = true
            } else {
                result.append(character)
                lastWasSpace = character == " "
            }
        }
        return result.trimmingSpaces()
    }
}

extension String {
    fileprivate func trimmingSpaces() -> String {
        var slice = Substring(self)
        while slice.first == " " { slice.removeFirst() }
        while slice.last == " " { slice.removeLast() }
        return String(slice)
    }
}
