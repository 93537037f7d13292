#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a stage body and turns its outcome into the contract's exit code and stderr line.
///
/// Every stage executable ends through here, so the mapping from errors to exit codes and
/// the shape of the one-line reason (`retrain-collect: …`) are the same for all of them.
public enum StageMain {
    /// What a stage ends with: the exit status and the line for stderr (nil on success).
    public struct Outcome: Sendable, Equatable {
        public let exit: StageExit
        public let message: String?

        public init(exit: StageExit, message: String?) {
            self.exit = exit
            self.message = message
        }
    }

    /// Runs `body`, prints the reason of any error as one line on stderr prefixed with
    /// `stage`, and exits the process with the matching code.
    public static func run(_ stage: String, _ body: () async throws -> Void) async -> Never {
        let result: Outcome
        do {
            try await body()
            result = Outcome(exit: .success, message: nil)
        } catch {
            result = outcome(of: error, stage: stage)
        }
        if let message = result.message {
            writeToStandardError(message + "\n")
        }
        exit(result.exit.code)
    }

    /// The exit status and stderr line an error stands for.
    public static func outcome(of error: any Error, stage: String) -> Outcome {
        let exit = (error as? any StageExitReporting)?.stageExit ?? .failure
        let reason = StageFailure.oneLine(String(describing: error))
        return Outcome(exit: exit, message: "\(stage): \(reason)")
    }

    /// Progress for people: one line on stderr (stdout stays clean by contract).
    public static func progress(_ stage: String, _ line: String) {
        writeToStandardError("\(stage): \(line)\n")
    }

    static func writeToStandardError(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = write(2, bytes.baseAddress.map { $0 + offset }, bytes.count - offset)
                if written <= 0 { return }
                offset += written
            }
        }
    }
}
