import Foundation

/// Finds the executables SwiftPM built next to the test bundle (`.build/<config>/`).
public enum BuiltProducts {
    /// The directory holding the built products of this configuration.
    public static var directory: String {
        // The test runner lives in .build/<triple>/<config>/; so do the executables.
        let runner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var candidate = runner.deletingLastPathComponent()
        for _ in 0..<4 {
            if FileManager.default.isExecutableFile(atPath: candidate.appendingPathComponent("retrain").path) { return candidate.path }
            candidate = candidate.deletingLastPathComponent()
        }
        return runner.deletingLastPathComponent().path
    }

    /// The path of a built executable, e.g. `executable("retrain")`.
    public static func executable(_ name: String) -> String {
        directory + "/" + name
    }
}
