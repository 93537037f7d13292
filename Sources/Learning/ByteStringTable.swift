/// Interns byte strings: gives each distinct byte sequence a small code, in order of first
/// appearance, without creating a `String` per lookup.
///
/// The CSV parser looks up every string field here; only a value seen for the first time
/// is copied (into one arena) and checked for valid UTF-8. Open addressing, linear probing.
final class ByteStringTable {
    private var arena: UnsafeMutablePointer<UInt8>
    private var arenaCount = 0
    private var arenaCapacity: Int
    private var starts: [Int] = []
    private var lengths: [Int] = []
    private var slots: UnsafeMutablePointer<Int32>
    private var slotHashes: UnsafeMutablePointer<UInt64>
    private var slotMask: Int

    init() {
        arenaCapacity = 4096
        arena = .allocate(capacity: arenaCapacity)
        slotMask = 255
        slots = .allocate(capacity: 256)
        slots.initialize(repeating: -1, count: 256)
        slotHashes = .allocate(capacity: 256)
        slotHashes.initialize(repeating: 0, count: 256)
    }

    deinit {
        arena.deallocate()
        slots.deallocate()
        slotHashes.deallocate()
    }

    var count: Int { starts.count }

    @inline(__always)
    static func hash(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> UInt64 {
        // FNV-1a over the bytes, with a final mix so that short keys spread over the slots.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var index = start
        while index < end {
            hash = (hash ^ UInt64(base[index])) &* 0x0000_0100_0000_01B3
            index += 1
        }
        hash ^= hash >> 32
        hash = hash &* 0xd6e8_feb8_6659_fd93
        hash ^= hash >> 32
        return hash
    }

    /// The code of the bytes `base[start..<end]`, adding them if new; nil when new bytes are
    /// not valid UTF-8 (they are not added).
    @inline(__always)
    func code(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int32? {
        let hash = Self.hash(base, start, end)
        let length = end - start
        var slot = Int(truncatingIfNeeded: hash) & slotMask
        while true {
            let code = slots[slot]
            if code < 0 { break }
            if slotHashes[slot] == hash, lengths[Int(code)] == length,
               memoryEqual(arena + starts[Int(code)], base + start, length) {
                return code
            }
            slot = (slot + 1) & slotMask
        }
        guard Self.isValidUTF8(base, start, end) else { return nil }
        let code = Int32(starts.count)
        appendToArena(base + start, length)
        slots[slot] = code
        slotHashes[slot] = hash
        if starts.count * 2 > slotMask {
            grow()
        }
        return code
    }

    @inline(__always)
    private func memoryEqual(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        var index = 0
        while index < count {
            if a[index] != b[index] { return false }
            index += 1
        }
        return true
    }

    private func appendToArena(_ bytes: UnsafePointer<UInt8>, _ length: Int) {
        if arenaCount + length > arenaCapacity {
            var capacity = arenaCapacity * 2
            while arenaCount + length > capacity { capacity *= 2 }
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
            grown.update(from: arena, count: arenaCount)
            arena.deallocate()
            arena = grown
            arenaCapacity = capacity
        }
        (arena + arenaCount).update(from: bytes, count: length)
        starts.append(arenaCount)
        lengths.append(length)
        arenaCount += length
    }

    private func grow() {
        let capacity = (slotMask + 1) * 2
        let newSlots = UnsafeMutablePointer<Int32>.allocate(capacity: capacity)
        newSlots.initialize(repeating: -1, count: capacity)
        let newHashes = UnsafeMutablePointer<UInt64>.allocate(capacity: capacity)
        newHashes.initialize(repeating: 0, count: capacity)
        let mask = capacity - 1
        for old in 0...slotMask where slots[old] >= 0 {
            var slot = Int(truncatingIfNeeded: slotHashes[old]) & mask
            while newSlots[slot] >= 0 { slot = (slot + 1) & mask }
            newSlots[slot] = slots[old]
            newHashes[slot] = slotHashes[old]
        }
        slots.deallocate()
        slotHashes.deallocate()
        slots = newSlots
        slotHashes = newHashes
        slotMask = mask
    }

    /// The interned values as strings, by code.
    func strings() -> [String] {
        (0..<starts.count).map { code in
            String(decoding: UnsafeBufferPointer(start: arena + starts[code], count: lengths[code]), as: UTF8.self)
        }
    }

    static func isValidUTF8(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        var index = start
        while index < end {
            let byte = base[index]
            if byte < 0x80 {
                index += 1
                continue
            }
            let length: Int
            var minimum: UInt32
            var scalar: UInt32
            if byte & 0xE0 == 0xC0 {
                length = 2; scalar = UInt32(byte & 0x1F); minimum = 0x80
            } else if byte & 0xF0 == 0xE0 {
                length = 3; scalar = UInt32(byte & 0x0F); minimum = 0x800
            } else if byte & 0xF8 == 0xF0 {
                length = 4; scalar = UInt32(byte & 0x07); minimum = 0x10000
            } else {
                return false
            }
            guard index + length <= end else { return false }
            for offset in 1..<length {
                let continuation = base[index + offset]
                guard continuation & 0xC0 == 0x80 else { return false }
                scalar = scalar << 6 | UInt32(continuation & 0x3F)
            }
            guard scalar >= minimum, scalar <= 0x10FFFF, !(0xD800...0xDFFF).contains(scalar) else { return false }
            index += length
        }
        return true
    }
}
