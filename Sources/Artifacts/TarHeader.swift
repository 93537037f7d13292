/// One 512-byte POSIX ustar header, as written into bundles and as read back.
///
/// Bundles use only what makes them reproducible: mtime 0, uid/gid 0, empty owner names,
/// mode 0644/0755 for files and 0755 for directories. Names that do not fit the 100-byte
/// `name` field, and sizes of 8 GiB or more, travel in a pax extended header instead.
package struct TarHeader: Equatable, Sendable {
    package enum Kind: UInt8, Sendable {
        case file = 0x30          // '0'
        case directory = 0x35     // '5'
        case paxExtended = 0x78   // 'x'
    }

    package static let blockSize = 512
    /// The largest size the 11 octal digits of the ustar `size` field can hold.
    package static let maxOctalSize: Int64 = 0o77777777777

    package var name: [UInt8]
    package var mode: UInt32
    package var size: Int64
    package var kind: Kind

    package init(name: [UInt8], mode: UInt32, size: Int64, kind: Kind) {
        self.name = name
        self.mode = mode
        self.size = size
        self.kind = kind
    }

    /// The header block, checksum included.
    package func encoded() -> [UInt8] {
        var block = [UInt8](repeating: 0, count: Self.blockSize)
        func put(_ bytes: [UInt8], at offset: Int, width: Int) {
            for (i, byte) in bytes.prefix(width).enumerated() { block[offset + i] = byte }
        }
        func octal(_ value: Int64, width: Int) -> [UInt8] {
            // width - 1 digits, zero padded, then NUL.
            let digits = String(value, radix: 8)
            return Array(String(repeating: "0", count: max(0, width - 1 - digits.count)).utf8) + Array(digits.utf8) + [0]
        }
        put(name, at: 0, width: 100)
        put(octal(Int64(mode), width: 8), at: 100, width: 8)
        put(octal(0, width: 8), at: 108, width: 8)        // uid
        put(octal(0, width: 8), at: 116, width: 8)        // gid
        put(octal(size <= Self.maxOctalSize ? size : 0, width: 12), at: 124, width: 12)
        put(octal(0, width: 12), at: 136, width: 12)      // mtime
        put(Array(repeating: 0x20, count: 8), at: 148, width: 8) // checksum placeholder
        block[156] = kind.rawValue
        put(Array("ustar".utf8) + [0], at: 257, width: 6)
        put(Array("00".utf8), at: 263, width: 2)
        // uname, gname: empty. devmajor/devminor: zero.
        put(octal(0, width: 8), at: 329, width: 8)
        put(octal(0, width: 8), at: 337, width: 8)
        let sum = block.reduce(0) { $0 + Int($1) }
        let checksum = String(sum, radix: 8)
        put(Array(String(repeating: "0", count: max(0, 6 - checksum.count)).utf8) + Array(checksum.utf8) + [0, 0x20], at: 148, width: 8)
        return block
    }

    /// A pax record `"<len> key=value\n"`, where `<len>` counts the whole record, itself included.
    package static func paxRecord(key: String, value: [UInt8]) -> [UInt8] {
        let body = Array(" \(key)=".utf8) + value + [0x0a]
        var length = body.count + 1
        while String(length).utf8.count + body.count != length { length = String(length).utf8.count + body.count }
        return Array(String(length).utf8) + body
    }
}
