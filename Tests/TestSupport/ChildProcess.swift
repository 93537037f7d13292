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
        return Result(status: process.reapExitStatus(), standardOutput: outputData, standardError: String(decoding: errorData.get(), as: UTF8.self))
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

extension Process {
    /// Waits for the process to end and returns its exit status (or the signal that ended it),
    /// reaping it with `waitpid` directly.
    ///
    /// `waitUntilExit()` in swift-corelibs-foundation sometimes never notices that a child
    /// ended when many children come and go in one test process (seen with a shell script
    /// that leaves a `setsid` daemon behind: the script stayed a zombie and the test hung).
    /// When Foundation reaped the child first, its own record is used.
    public func reapExitStatus() -> Int32 {
        var status: Int32 = 0
        var result: pid_t
        repeat { result = waitpid(processIdentifier, &status, 0) } while result == -1 && errno == EINTR
        guard result == processIdentifier else {
            waitUntilExit()
            return terminationStatus
        }
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : signal
    }
}
