import Foundation

/// The PostgreSQL server the test run started (`scripts/services/postgres start`).
///
/// Tests that need PostgreSQL read its URL from `RETRAIN_TEST_POSTGRES_URL`. A missing
/// variable fails the test with instructions: a PostgreSQL source that is never exercised
/// is not tested, and a skip would hide that.
public enum PostgresTestServer {
    /// The environment variable holding the server's URL.
    public static let environmentVariable = "RETRAIN_TEST_POSTGRES_URL"

    /// Why the server cannot be used.
    public struct Unavailable: Error, CustomStringConvertible {
        public let description: String
    }

    /// The server's connection URL, or an error explaining how to start one.
    public static func url() throws -> String {
        guard let url = ProcessInfo.processInfo.environment[environmentVariable], !url.isEmpty else {
            throw Unavailable(description: """
                \(environmentVariable) is not set: start a server with \
                `scripts/services/postgres start DIR` and export the URL it prints \
                (scripts/test does this)
                """)
        }
        return url
    }

    /// Runs `sql` on the server with psql (tables and rows for a test to read back).
    public static func execute(_ sql: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["psql", "--no-psqlrc", "--quiet", "-v", "ON_ERROR_STOP=1", try url(), "-c", sql]
        let error = Pipe()
        process.standardError = error
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let message = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Unavailable(description: "psql failed: \(String(decoding: message, as: UTF8.self))")
        }
    }
}
