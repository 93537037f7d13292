import Foundation

/// Writes one line to standard error (reasons, progress: never on standard output).
func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
