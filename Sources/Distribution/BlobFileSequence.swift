import Artifacts
import NIOCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A range of a stored blob's file as `ByteBuffer`s of at most `pieceSize` bytes, read from
/// disk only when the connection asks for the next one: an upload holds one piece (plus what
/// the socket buffers) in memory, whatever the blob's size.
///
/// The file is opened by the iterator, so each attempt (after an auth challenge, say)
/// starts again at `offset`.
struct BlobFileSequence: AsyncSequence, Sendable {
    typealias Element = ByteBuffer

    let path: String
    let offset: Int64
    let length: Int64
    let pieceSize: Int

    func makeAsyncIterator() -> Iterator {
        Iterator(path: path, offset: offset, remaining: length, pieceSize: pieceSize)
    }

    struct Iterator: AsyncIteratorProtocol {
        let path: String
        let offset: Int64
        var remaining: Int64
        let pieceSize: Int
        var file: SystemFile?
        let allocator = ByteBufferAllocator()

        mutating func next() async throws -> ByteBuffer? {
            guard remaining > 0 else { return nil }
            let file = try self.file ?? open()
            let count = Int(Swift.min(Int64(pieceSize), remaining))
            var buffer = allocator.buffer(capacity: count)
            let read = try buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: count) { raw in
                try file.readFully(into: UnsafeMutableRawBufferPointer(rebasing: raw[..<count]))
            }
            guard read == count else {
                throw DistributionError.sizeMismatch("reading \(path) for upload (it shrank?)", expected: remaining, actual: Int64(read))
            }
            remaining -= Int64(read)
            return buffer
        }

        private mutating func open() throws -> SystemFile {
            let file = try SystemFile.openForReading(path)
            guard lseek(file.descriptor, off_t(offset), SEEK_SET) == offset else {
                throw DistributionError.invalidArgument("cannot seek to byte \(offset) of \(path)")
            }
            self.file = file
            return file
        }
    }
}
