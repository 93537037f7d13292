import Dispatch
import Foundation

/// Runs a per-chunk computation on all cores and hands back the partial results in chunk order.
///
/// Determinism is the point: the rows are cut into chunks of a fixed size that does not depend on
/// the number of threads, every chunk writes its own slot of partial sums, and the caller adds
/// the slots in chunk order. The floating-point result is therefore bit-identical whatever the
/// core count or the scheduling, run after run.
struct ChunkedReduction {
    /// Rows per chunk: large enough to amortise the per-chunk bookkeeping, small enough that
    /// two threads split even small data and a chunk's rows stay in the L2 cache.
    static let rowsPerChunk = 4096

    let rowCount: Int
    /// Doubles of partial result each chunk produces.
    let width: Int
    /// Threads to use; only the speed depends on it, never the result.
    var workers = Self.workerCount

    init(rowCount: Int, width: Int, workers: Int = Self.workerCount) {
        self.rowCount = rowCount
        self.width = width
        self.workers = max(1, workers)
    }

    var chunkCount: Int { (rowCount + Self.rowsPerChunk - 1) / Self.rowsPerChunk }

    /// Calls `body(rows, partial)` once per chunk, in parallel; `partial` is a zeroed slot of
    /// `width` doubles. Returns the slots summed in chunk order.
    func sum(_ body: (Range<Int>, UnsafeMutablePointer<Double>) -> Void) -> [Double] {
        let chunks = chunkCount
        var partials = [Double](repeating: 0, count: max(chunks, 1) * width)
        partials.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            let workers = min(chunks, self.workers)
            withoutActuallyEscaping(body) { body in
                let shared = ChunkWork(body: body, slots: base, width: width, rowCount: rowCount)
                let run: @Sendable (Int) -> Void = { worker in
                    // Contiguous runs of chunks per worker keep each thread on its own memory.
                    let first = chunks * worker / workers
                    let last = chunks * (worker + 1) / workers
                    for chunk in first..<last { shared.run(chunk: chunk) }
                }
                if workers <= 1 {
                    run(0)
                } else {
                    DispatchQueue.concurrentPerform(iterations: workers, execute: run)
                }
            }
        }
        var total = [Double](repeating: 0, count: width)
        for chunk in 0..<chunks {
            for k in 0..<width { total[k] += partials[chunk * width + k] }
        }
        return total
    }

    /// Threads used: the machine's active cores. Only the speed depends on it, never the result.
    static let workerCount = max(1, ProcessInfo.processInfo.activeProcessorCount)
}

/// One reduction's work, shared by the worker threads.
///
/// `@unchecked Sendable` because the compiler cannot see the two facts that make sharing safe:
/// the kernel only reads its inputs (arrays that outlive the call), and chunk `c` writes only
/// the `width` doubles of slot `c`, which no other chunk touches.
private struct ChunkWork: @unchecked Sendable {
    let body: (Range<Int>, UnsafeMutablePointer<Double>) -> Void
    let slots: UnsafeMutablePointer<Double>
    let width: Int
    let rowCount: Int

    func run(chunk: Int) {
        let start = chunk * ChunkedReduction.rowsPerChunk
        let end = min(start + ChunkedReduction.rowsPerChunk, rowCount)
        body(start..<end, slots + chunk * width)
    }
}
