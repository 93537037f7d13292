/// Something bytes are pushed into: a gzip encoder, a hashing temp file, a tar writer's output.
///
/// Sinks are classes so a pipeline (tar → gzip → hash → file) can be assembled from parts
/// that each keep a reference to the next.
package protocol ByteSink: AnyObject {
    func write(_ bytes: UnsafeRawBufferPointer) throws
}

extension ByteSink {
    package func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }
}

/// Something bytes are pulled from: a verifying blob reader, a gzip decoder.
package protocol ByteSource: AnyObject {
    /// Fills up to `buffer.count` bytes and returns how many; 0 means the end.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

extension ByteSource {
    /// Reads until `buffer` is full or the source ends; returns how many bytes were read.
    package func readFully(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        var filled = 0
        while filled < buffer.count {
            let n = try read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]))
            if n == 0 { break }
            filled += n
        }
        return filled
    }

    /// Copies everything that is left into `sink`, in fixed-size pieces.
    package func copy(to sink: any ByteSink, chunkSize: Int = 1 << 20) throws {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let n = try read(into: buffer)
            if n == 0 { return }
            try sink.write(UnsafeRawBufferPointer(rebasing: buffer[..<n]))
        }
    }
}

/// A source over a file descriptor, with no checks of its own.
package final class FileSource: ByteSource {
    private let file: SystemFile

    package init(path: String) throws {
        file = try SystemFile.openForReading(path)
    }

    package func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        try file.read(into: buffer)
    }
}

/// A sink that collects bytes in memory (small things and tests only).
package final class MemorySink: ByteSink {
    package private(set) var bytes: [UInt8] = []
    package init() {}
    package func write(_ bytes: UnsafeRawBufferPointer) throws { self.bytes.append(contentsOf: bytes) }
}

/// A source over bytes in memory (small things and tests only).
package final class MemorySource: ByteSource {
    private let bytes: [UInt8]
    private var offset = 0
    package init(_ bytes: [UInt8]) { self.bytes = bytes }
    package func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = min(buffer.count, bytes.count - offset)
        guard n > 0 else { return 0 }
        bytes.withUnsafeBytes { raw in
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[offset..<(offset + n)]))
        }
        offset += n
        return n
    }
}
