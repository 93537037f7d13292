import Dispatch
import Foundation

/// A gzip encoder that deflates fixed-size chunks on every core and writes them, in order,
/// as consecutive gzip members.
///
/// A multi-member stream is one valid gzip file (`gzip -d`, Python's `gzip`, Go's readers all
/// concatenate members). Each chunk is compressed independently, so the bytes depend only
/// on the input, the chunk size and the level — never on the number of cores or on timing.
/// Memory stays bounded: at most `maxChunksInFlight` chunks are held at once.
package final class ChunkedGzipWriter: ByteSink {
    /// 1 MiB: large enough that restarting the deflate window costs well under 1 % of the
    /// ratio, small enough that two cores stay busy on modest inputs.
    package static let defaultChunkSize = 1 << 20

    private let level: Int32
    private let chunkSize: Int
    private let sink: any ByteSink
    private let maxChunksInFlight: Int
    private var current: [UInt8]
    private var inFlight: [CompressionJob] = []
    private var isFinished = false
    /// Uncompressed bytes accepted so far (for progress reporting).
    package private(set) var bytesIn: Int64 = 0

    private let progress: (@Sendable (Int64) -> Void)?

    package init(level: Int32, sink: any ByteSink, chunkSize: Int = ChunkedGzipWriter.defaultChunkSize, progress: (@Sendable (Int64) -> Void)? = nil) throws {
        self.progress = progress
        guard (0...9).contains(level) else { throw ArtifactsError.invalidArgument("compression level \(level) is out of range 1-9") }
        self.level = level
        self.sink = sink
        self.chunkSize = chunkSize
        self.maxChunksInFlight = max(2, 2 * ProcessInfo.processInfo.activeProcessorCount)
        self.current = []
        self.current.reserveCapacity(chunkSize)
    }

    package func write(_ bytes: UnsafeRawBufferPointer) throws {
        var remaining = bytes
        bytesIn += Int64(bytes.count)
        while !remaining.isEmpty {
            let take = min(chunkSize - current.count, remaining.count)
            current.append(contentsOf: UnsafeRawBufferPointer(rebasing: remaining[..<take]))
            remaining = UnsafeRawBufferPointer(rebasing: remaining[take...])
            if current.count == chunkSize { try submitCurrent() }
        }
    }

    /// Compresses what is buffered, writes every pending member, and ends the stream.
    /// An empty input still yields one (empty) member, so the output is a valid gzip file.
    package func finish() throws {
        precondition(!isFinished, "finish() called twice")
        isFinished = true
        if !current.isEmpty || (inFlight.isEmpty && bytesIn == 0) { try submitCurrent() }
        while !inFlight.isEmpty { try drainOldest() }
    }

    private func submitCurrent() throws {
        progress?(bytesIn)
        let job = CompressionJob(input: current, level: level)
        current = []
        current.reserveCapacity(chunkSize)
        inFlight.append(job)
        DispatchQueue.global().async { job.run() }
        while inFlight.count >= maxChunksInFlight { try drainOldest() }
    }

    private func drainOldest() throws {
        let job = inFlight.removeFirst()
        let output = try job.waitForOutput()
        try sink.write(output)
    }
}

/// One chunk's compression, run on a worker thread.
///
/// `@unchecked Sendable` because `output` and `failure` are written by exactly one worker
/// before it signals `done`, and read by the owner only after `wait()` on `done` returns:
/// the semaphore orders the accesses.
private final class CompressionJob: @unchecked Sendable {
    private let input: [UInt8]
    private let level: Int32
    private var output: [UInt8] = []
    private var failure: (any Error)?
    private let done = DispatchSemaphore(value: 0)

    init(input: [UInt8], level: Int32) {
        self.input = input
        self.level = level
    }

    func run() {
        do {
            var result: [UInt8] = []
            result.reserveCapacity(input.count + input.count / 64 + 64)
            try input.withUnsafeBytes { (raw) throws in
                try GzipMember.append(raw, level: level, to: &result)
            }
            output = result
        } catch {
            failure = error
        }
        done.signal()
    }

    func waitForOutput() throws -> [UInt8] {
        done.wait()
        if let failure { throw failure }
        return output
    }
}
