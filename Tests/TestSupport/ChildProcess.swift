public import Foundation

/// Runs a real child process and captures what it printed, for tests of executables.
public struct ChildProcess: Sendable {
    /// What a finished process left behind.
    public struct Result: Sendable {
        public var status: Int32
        public var standardOutput: Data
        public var standardError: String
        public var output: String { String(decoding: standardOutput, as: UTF8.self) }
    }

    public var executable: String
    public var arguments: [String]
    public var environment: [String: String]?
    public var currentDirectory: String?

    public init(_ executable: String, _ arguments: [String], environment: [String: String]? = nil, currentDirectory: String? = nil) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        self.currentDirectory = currentDirectory
    }

    /// Starts the process without waiting (for tests that signal or race it).
    public func start(standardInput: Data? = nil) throws -> Process {
        let process = makeProcess()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Runs to completion; stdout and stderr are drained concurrently so neither pipe fills up.
    public func run(standardInput: Data? = nil) throws -> Result {
        let process = makeProcess()
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let input = Pipe()
        process.standardInput = standardInput == nil ? FileHandle.nullDevice : input
        try process.run()
        if let standardInput {
            input.fileHandleForWriting.write(standardInput)
            try input.fileHandleForWriting.close()
        }
        let errorData = DataBox()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errorData.set(err.fileHandleForReading.readDataToEndOfFile())
            group.leave()
        }
        let outputData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, standardOutput: outputData, standardError: String(decoding: errorData.get(), as: UTF8.self))
    }

    private func makeProcess() -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let currentDirectory { process.currentDirectoryURL = URL(fileURLWithPath: currentDirectory) }
        return process
    }
}

/// Holds the data read on another thread; the DispatchGroup in `run` orders set before get.
private final class DataBox: @unchecked Sendable {
    private var data = Data()
    func set(_ value: Data) { data = value }
    func get() -> Data { data }
}
