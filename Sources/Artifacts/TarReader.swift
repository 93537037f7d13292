/// Reads entries from a tar stream: ustar, pax extended headers, GNU long names.
///
/// It only parses; whether an entry is acceptable (links, devices, unsafe paths) is the
/// extractor's decision. A damaged header (bad checksum, a stream that ends inside an entry)
/// is an error naming the entry when its name is known.
package final class TarReader {
    /// What an entry is, by its type flag.
    package enum EntryKind: Equatable, Sendable {
        case file, directory, hardLink, symbolicLink, device, fifo
        case other(UInt8)
    }

    package struct Entry: Equatable, Sendable {
        package var path: String
        package var kind: EntryKind
        package var size: Int64
        package var mode: UInt32
    }

    private let source: any ByteSource
    private var remainingContent: Int64 = 0
    private var remainingPadding: Int64 = 0
    private var currentPath = ""
    private var isAtEnd = false

    package init(source: any ByteSource) {
        self.source = source
    }

    /// The next entry, or nil at the end of the archive. Skips what is left of the previous one.
    package func next() throws -> Entry? {
        guard !isAtEnd else { return nil }
        try skip(remainingContent + remainingPadding)
        remainingContent = 0
        remainingPadding = 0
        var overridePath: String?
        var overrideSize: Int64?
        while true {
            guard let block = try readBlock() else {
                throw ArtifactsError.corruptTar("the archive ends without its end-of-archive blocks")
            }
            if block.allSatisfy({ $0 == 0 }) {
                isAtEnd = true
                return nil
            }
            let name = Self.string(block[0..<100])
            try Self.verifyChecksum(block, name: name)
            let size = try Self.number(block[124..<136], field: "size", entry: name)
            let mode = UInt32(truncatingIfNeeded: try Self.number(block[100..<108], field: "mode", entry: name))
            let type = block[156]
            switch type {
            case 0x78: // 'x': pax extended header for the next entry
                let records = try readSmallContent(size, entry: name)
                let parsed = try Self.parsePax(records, entry: name)
                if let path = parsed["path"] { overridePath = path }
                if let text = parsed["size"] {
                    guard let value = Int64(text), value >= 0 else { throw ArtifactsError.corruptTar("pax size '\(text)' of '\(name)' is not a number") }
                    overrideSize = value
                }
                continue
            case 0x67: // 'g': global pax header (e.g. git archive's commit id); nothing we use
                _ = try readSmallContent(size, entry: name)
                continue
            case 0x4c: // 'L': GNU long name for the next entry
                let bytes = try readSmallContent(size, entry: name)
                overridePath = String(decoding: bytes.prefix(while: { $0 != 0 }), as: UTF8.self)
                continue
            default:
                break
            }
            var path = name
            let magic = Array(block[257..<263])
            if magic == Array("ustar".utf8) + [0] {
                let prefix = Self.string(block[345..<500])
                if !prefix.isEmpty { path = prefix + "/" + name }
            }
            if let overridePath { path = overridePath }
            let entrySize = overrideSize ?? size
            let kind: EntryKind
            switch type {
            case 0x30, 0x00, 0x37: kind = .file
            case 0x35: kind = .directory
            case 0x31: kind = .hardLink
            case 0x32: kind = .symbolicLink
            case 0x33, 0x34: kind = .device
            case 0x36: kind = .fifo
            default: kind = .other(type)
            }
            // Only regular files carry content in the stream (a hard link's size field is 0 by convention).
            remainingContent = kind == .file ? entrySize : 0
            remainingPadding = Self.padding(remainingContent)
            currentPath = path
            return Entry(path: path, kind: kind, size: kind == .file ? entrySize : 0, mode: mode)
        }
    }

    /// Reads the current entry's content; 0 at its end.
    package func readContents(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard remainingContent > 0 else { return 0 }
        let want = Int(min(Int64(buffer.count), remainingContent))
        let n = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[..<want]))
        if n == 0 { throw ArtifactsError.corruptTar("the archive ends inside '\(currentPath)'") }
        remainingContent -= Int64(n)
        return n
    }

    private func readBlock() throws -> [UInt8]? {
        var block = [UInt8](repeating: 0, count: TarHeader.blockSize)
        let n = try block.withUnsafeMutableBytes { try source.readFully(into: $0) }
        if n == 0 { return nil }
        guard n == TarHeader.blockSize else { throw ArtifactsError.corruptTar("the archive ends inside a header block") }
        return block
    }

    private func readSmallContent(_ size: Int64, entry: String) throws -> [UInt8] {
        guard size <= 1 << 20 else { throw ArtifactsError.corruptTar("extended header of '\(entry)' is \(size) bytes, over 1 MiB") }
        let padded = Int(size + Self.padding(size))
        var bytes = [UInt8](repeating: 0, count: padded)
        let n = try bytes.withUnsafeMutableBytes { try source.readFully(into: $0) }
        guard n == padded else { throw ArtifactsError.corruptTar("the archive ends inside the extended header of '\(entry)'") }
        return Array(bytes[..<Int(size)])
    }

    private func skip(_ count: Int64) throws {
        var left = count
        guard left > 0 else { return }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
        defer { buffer.deallocate() }
        while left > 0 {
            let n = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[..<Int(min(left, Int64(buffer.count)))]))
            if n == 0 { throw ArtifactsError.corruptTar("the archive ends inside '\(currentPath)'") }
            left -= Int64(n)
        }
    }

    private static func padding(_ size: Int64) -> Int64 {
        let remainder = size % Int64(TarHeader.blockSize)
        return remainder == 0 ? 0 : Int64(TarHeader.blockSize) - remainder
    }

    private static func string(_ bytes: ArraySlice<UInt8>) -> String {
        String(decoding: bytes.prefix(while: { $0 != 0 }), as: UTF8.self)
    }

    private static func verifyChecksum(_ block: [UInt8], name: String) throws {
        let stored = try number(block[148..<156], field: "checksum", entry: name)
        var unsigned = 0
        var signed = 0
        for (i, byte) in block.enumerated() {
            let value = (148..<156).contains(i) ? 0x20 : byte
            unsigned += Int(value)
            signed += Int(Int8(bitPattern: value))
        }
        guard stored == unsigned || stored == signed else {
            throw ArtifactsError.corruptTar("header checksum of '\(name)' does not match")
        }
    }

    /// An octal field (NUL or space terminated), or GNU's base-256 form when the high bit is set.
    private static func number(_ field: ArraySlice<UInt8>, field fieldName: String, entry: String) throws -> Int64 {
        if let first = field.first, first & 0x80 != 0 {
            var value: Int64 = Int64(first & 0x7f)
            for byte in field.dropFirst() {
                guard value < Int64.max >> 8 else { throw ArtifactsError.corruptTar("\(fieldName) of '\(entry)' is too large") }
                value = value << 8 | Int64(byte)
            }
            return value
        }
        var value: Int64 = 0
        var seenDigit = false
        for byte in field {
            if byte == 0 || (byte == 0x20 && seenDigit) { break }
            if byte == 0x20 { continue }
            guard byte >= 0x30 && byte <= 0x37 else {
                throw ArtifactsError.corruptTar("\(fieldName) field of '\(entry)' is not octal")
            }
            guard value < Int64.max >> 3 else { throw ArtifactsError.corruptTar("\(fieldName) of '\(entry)' is too large") }
            value = value * 8 + Int64(byte - 0x30)
            seenDigit = true
        }
        return value
    }

    private static func parsePax(_ records: [UInt8], entry: String) throws -> [String: String] {
        var result: [String: String] = [:]
        var index = 0
        while index < records.count {
            guard let space = records[index...].firstIndex(of: 0x20),
                  let length = Int(String(decoding: records[index..<space], as: UTF8.self)),
                  length > 0, index + length <= records.count, records[index + length - 1] == 0x0a,
                  let equals = records[space..<(index + length)].firstIndex(of: 0x3d)
            else { throw ArtifactsError.corruptTar("malformed pax record in the extended header of '\(entry)'") }
            let key = String(decoding: records[(space + 1)..<equals], as: UTF8.self)
            let value = String(decoding: records[(equals + 1)..<(index + length - 1)], as: UTF8.self)
            result[key] = value
            index += length
        }
        return result
    }
}
