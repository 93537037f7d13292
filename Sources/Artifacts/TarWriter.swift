/// Writes a POSIX tar stream (ustar with pax extended headers) into a sink.
///
/// The writer knows nothing about the file system; `BundleWriter` decides what goes in and in
/// which order. It pads every entry to 512 bytes and ends with two zero blocks.
package final class TarWriter {
    private let sink: any ByteSink
    private static let zeros = [UInt8](repeating: 0, count: TarHeader.blockSize)

    package init(sink: any ByteSink) {
        self.sink = sink
    }

    package func appendDirectory(path: [UInt8]) throws {
        try appendHeader(name: path + [0x2f], mode: 0o755, size: 0, kind: .directory)
    }

    /// Appends a regular file whose `size` bytes `writeContents` must write into the sink it is given.
    package func appendFile(path: [UInt8], size: Int64, isExecutable: Bool, writeContents: (any ByteSink) throws -> Void) throws {
        try appendHeader(name: path, mode: isExecutable ? 0o755 : 0o644, size: size, kind: .file)
        try writeContents(sink)
        try pad(size)
    }

    /// The end-of-archive marker: two zero blocks.
    package func finish() throws {
        try sink.write(Self.zeros)
        try sink.write(Self.zeros)
    }

    private func appendHeader(name: [UInt8], mode: UInt32, size: Int64, kind: TarHeader.Kind) throws {
        var records: [UInt8] = []
        if name.count > 100 { records += TarHeader.paxRecord(key: "path", value: name) }
        if size > TarHeader.maxOctalSize { records += TarHeader.paxRecord(key: "size", value: Array(String(size).utf8)) }
        var ustarName = name
        if !records.isEmpty {
            let base = Self.lastComponent(of: name)
            let paxName = Array("PaxHeaders/".utf8) + Self.truncated(base, to: 100 - "PaxHeaders/".utf8.count)
            try sink.write(TarHeader(name: paxName, mode: 0o644, size: Int64(records.count), kind: .paxExtended).encoded())
            try sink.write(records)
            try pad(Int64(records.count))
            ustarName = Self.truncated(name, to: 100)
        }
        try sink.write(TarHeader(name: ustarName, mode: mode, size: size, kind: kind).encoded())
    }

    private func pad(_ size: Int64) throws {
        let remainder = Int(size % Int64(TarHeader.blockSize))
        if remainder != 0 { try sink.write(Array(Self.zeros[remainder...])) }
    }

    private static func lastComponent(of name: [UInt8]) -> [UInt8] {
        let trimmed = name.last == 0x2f ? Array(name.dropLast()) : name
        guard let slash = trimmed.lastIndex(of: 0x2f) else { return trimmed }
        return Array(trimmed[(slash + 1)...])
    }

    /// At most `limit` bytes, cut on a UTF-8 character boundary.
    private static func truncated(_ bytes: [UInt8], to limit: Int) -> [UInt8] {
        guard bytes.count > limit else { return bytes }
        var end = limit
        while end > 0 && (bytes[end] & 0xc0) == 0x80 { end -= 1 }
        return Array(bytes[..<end])
    }
}
