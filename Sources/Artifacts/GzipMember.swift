internal import CZlib

/// One gzip member (RFC 1952) made from bytes in memory, with a header of our own.
///
/// zlib's own gzip header records the operating system it was built for, so the same input
/// would give different bytes on Linux and macOS. Writing the 10-byte header and the trailer
/// ourselves around a raw deflate stream keeps a bundle's digest the same on every machine:
/// no name, no time (MTIME 0), no extra flags, OS 255 ("unknown").
package enum GzipMember {
    package static let header: [UInt8] = [0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xff]

    /// Chunks whose first `probeSize` bytes shrink by less than 1/16 at level 1 are stored
    /// (deflate level 0) instead of compressed: deflating already-compressed or random bytes
    /// (model weights, images) costs ~20 ns a byte and saves almost nothing. The decision
    /// depends on the content alone, so the output is still deterministic.
    package static let probeSize = 32 * 1024

    /// Appends one complete gzip member holding `input` to `output`.
    package static func append(_ input: UnsafeRawBufferPointer, level: Int32, to output: inout [UInt8]) throws {
        let effectiveLevel = level > 0 && !isCompressible(input) ? 0 : level
        output.append(contentsOf: header)
        try deflateRaw(input, level: effectiveLevel, appendingTo: &output)
        let crc = crc32(input)
        appendLittleEndian(crc, to: &output)
        appendLittleEndian(UInt32(truncatingIfNeeded: input.count), to: &output)
    }

    package static func crc32(_ input: UnsafeRawBufferPointer, continuing crc: UInt32 = 0) -> UInt32 {
        guard let base = input.baseAddress, input.count > 0 else { return crc }
        return UInt32(CZlib.crc32_z(UInt(crc), base.assumingMemoryBound(to: UInt8.self), input.count))
    }

    /// Whether deflate is worth its effort on this chunk, judged from a level-1 probe.
    package static func isCompressible(_ input: UnsafeRawBufferPointer) -> Bool {
        let probe = UnsafeRawBufferPointer(rebasing: input[..<min(input.count, probeSize)])
        guard probe.count >= 512 else { return true }
        var compressed: [UInt8] = []
        compressed.reserveCapacity(probe.count + probe.count / 8 + 64)
        guard (try? deflateRaw(probe, level: 1, appendingTo: &compressed)) != nil else { return true }
        return compressed.count < probe.count - probe.count / 16
    }

    /// Raw deflate (no zlib or gzip framing) of `input`, finished, appended to `output`.
    private static func deflateRaw(_ input: UnsafeRawBufferPointer, level: Int32, appendingTo output: inout [UInt8]) throws {
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        defer { stream.deallocate() }
        guard retrain_deflateInit2(stream, level, -15) == Z_OK else {
            throw ArtifactsError.invalidArgument("zlib could not start deflate at level \(level)")
        }
        defer { deflateEnd(stream) }
        let bound = Int(deflateBound(stream, UInt(input.count)))
        let start = output.count
        output.append(contentsOf: repeatElement(0, count: bound))
        let produced: Int = output.withUnsafeMutableBytes { raw in
            guard let base = raw.baseAddress else { return -1 }
            stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
            stream.pointee.avail_in = uInt(input.count)
            stream.pointee.next_out = (base + start).assumingMemoryBound(to: Bytef.self)
            stream.pointee.avail_out = uInt(bound)
            let status = deflate(stream, Z_FINISH)
            return status == Z_STREAM_END ? bound - Int(stream.pointee.avail_out) : -1
        }
        guard produced >= 0 else { throw ArtifactsError.invalidArgument("zlib deflate did not finish within its bound") }
        output.removeLast(bound - produced)
    }

    package static func appendLittleEndian(_ value: UInt32, to output: inout [UInt8]) {
        for shift in stride(from: 0, to: 32, by: 8) { output.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }
}
