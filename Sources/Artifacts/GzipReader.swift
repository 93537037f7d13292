internal import CZlib

/// Decompresses a gzip stream pulled from another source, member after member.
///
/// Reads what `gzip` writes, including multi-member files and headers with names, comments
/// and extra fields (zlib parses them and checks each member's CRC-32 and length). Anything
/// that is not gzip, a corrupt member, trailing bytes that are not another member, or a stream
/// that ends inside a member is an error: a short read is never mistaken for the end.
package final class GzipReader: ByteSource {
    private let source: any ByteSource
    private let stream: UnsafeMutablePointer<z_stream>
    private let input: UnsafeMutableRawBufferPointer
    private var inputEnded = false
    private var memberEnded = false
    private var isAtEnd = false
    private var membersStarted = 0

    package init(source: any ByteSource, bufferSize: Int = 256 * 1024) throws {
        self.source = source
        self.input = .allocate(byteCount: bufferSize, alignment: 16)
        self.stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        guard retrain_inflateInit2(stream, 15 + 16) == Z_OK else {
            input.deallocate()
            stream.deallocate()
            throw ArtifactsError.corruptGzip("zlib could not start inflate")
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deallocate()
        input.deallocate()
    }

    package func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0, !isAtEnd else { return 0 }
        stream.pointee.next_out = base.assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_out = uInt(min(buffer.count, Int(UInt32.max)))
        let capacity = Int(stream.pointee.avail_out)
        while stream.pointee.avail_out > 0 {
            if stream.pointee.avail_in == 0 {
                try refill()
                if inputEnded && stream.pointee.avail_in == 0 {
                    if memberEnded { isAtEnd = true; break }
                    throw membersStarted == 0 ? ArtifactsError.corruptGzip("the stream is empty") : .truncatedGzip
                }
            }
            if memberEnded {
                // More input after a complete member: it must be another member.
                guard inflateReset(stream) == Z_OK else { throw ArtifactsError.corruptGzip("inflateReset failed") }
                memberEnded = false
            }
            if stream.pointee.total_in == 0 && stream.pointee.avail_in > 0 { membersStarted += 1 }
            let status = inflate(stream, Z_NO_FLUSH)
            switch status {
            case Z_OK:
                continue
            case Z_STREAM_END:
                memberEnded = true
                if Int(stream.pointee.avail_out) < capacity { return capacity - Int(stream.pointee.avail_out) }
            case Z_BUF_ERROR:
                // No progress possible without more input; loop to refill.
                continue
            default:
                let message = stream.pointee.msg.map { String(cString: $0) } ?? "inflate status \(status)"
                throw membersStarted > 1
                    ? ArtifactsError.corruptGzip("member \(membersStarted): \(message)")
                    : ArtifactsError.corruptGzip(message)
            }
        }
        return capacity - Int(stream.pointee.avail_out)
    }

    private func refill() throws {
        guard !inputEnded else { return }
        let n = try source.read(into: input)
        if n == 0 { inputEnded = true; return }
        stream.pointee.next_in = input.baseAddress?.assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_in = uInt(n)
    }
}
