import Foundation

/// Progress lines for people, on standard error (never stdout, which belongs to --json).
enum ProgressLines {
    static func printer() -> @Sendable (String) -> Void {
        { line in printError(line) }
    }
}
