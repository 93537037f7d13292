import Foundation

/// Where tests leave files for a person to look at (screenshots): `.build/test-output/`.
public enum TestOutput {
    public static var directory: String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let path = root.appendingPathComponent(".build/test-output").path
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
