/// Reads one CSV record into byte arrays: the slow, simple path for headers and samples.
///
/// Same rules as `CSVChunkParser` (see `CSVReader`), but allocating freely; used where only
/// a few records are read.
struct RecordScanner {
    struct Record {
        var fields: [[UInt8]] = []
        var next: Int = 0
        var problem: String?
    }

    let base: UnsafePointer<UInt8>
    let end: Int

    mutating func reset() {}

    func record(at start: Int, newlines: inout Int) -> Record {
        var record = Record()
        var position = start
        while true {
            var field: [UInt8] = []
            if position < end, base[position] == UInt8(ascii: "\"") {
                position += 1
                var closed = false
                while position < end {
                    let byte = base[position]
                    if byte == UInt8(ascii: "\"") {
                        if position + 1 < end, base[position + 1] == UInt8(ascii: "\"") {
                            field.append(byte)
                            position += 2
                            continue
                        }
                        position += 1
                        closed = true
                        break
                    }
                    if byte == 0x0A { newlines += 1 }
                    field.append(byte)
                    position += 1
                }
                if !closed, record.problem == nil {
                    record.problem = "quoted field not closed before the end of the file"
                }
                if position < end, !isTerminator(position), record.problem == nil {
                    record.problem = "text after the closing quote in field \(record.fields.count + 1)"
                }
            }
            while position < end, !isTerminator(position) {
                field.append(base[position])
                position += 1
            }
            record.fields.append(field)
            if position >= end {
                record.next = end
                return record
            }
            if base[position] == UInt8(ascii: ",") {
                position += 1
                continue
            }
            if base[position] == 0x0A {
                newlines += 1
                record.next = position + 1
            } else {
                let isCRLF = position + 1 < end && base[position + 1] == 0x0A
                if isCRLF { newlines += 1 }
                record.next = position + (isCRLF ? 2 : 1)
            }
            return record
        }
    }

    private func isTerminator(_ position: Int) -> Bool {
        let byte = base[position]
        if byte == UInt8(ascii: ",") || byte == 0x0A { return true }
        return byte == 0x0D && (position + 1 >= end || base[position + 1] == 0x0A)
    }
}
