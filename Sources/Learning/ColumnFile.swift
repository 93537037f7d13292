#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

#if _endian(big)
#error("The columnar format is little-endian; this code writes memory as it is.")
#endif

// The global POSIX functions, under names the class's own methods do not shadow.
private func systemClose(_ descriptor: Int32) -> Int32 { close(descriptor) }
private func systemWrite(_ descriptor: Int32, _ pointer: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, pointer, count)
}
private func systemRead(_ descriptor: Int32, _ pointer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(descriptor, pointer, count)
}

/// A file descriptor opened for one column file, with whole-buffer writes and reads.
///
/// Column files are flat little-endian arrays, so writing is handing memory to `write(2)`
/// and reading is `read(2)` straight into an array's storage: no per-value work.
final class ColumnFile {
    let path: String
    private var descriptor: Int32

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    deinit {
        if descriptor >= 0 { _ = systemClose(descriptor) }
    }

    static func create(_ path: String) throws(TableError) -> ColumnFile {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw TableError.io(file: path, reason: "cannot create: \(String(cString: strerror(errno)))")
        }
        return ColumnFile(path: path, descriptor: descriptor)
    }

    static func openForReading(_ path: String) throws(TableError) -> ColumnFile {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw TableError.io(file: path, reason: "cannot open: \(String(cString: strerror(errno)))")
        }
        return ColumnFile(path: path, descriptor: descriptor)
    }

    func write(_ buffer: UnsafeRawBufferPointer) throws(TableError) {
        guard let base = buffer.baseAddress else { return }
        var offset = 0
        while offset < buffer.count {
            let written = systemWrite(descriptor, base + offset, buffer.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw TableError.io(file: path, reason: "write failed: \(String(cString: strerror(errno)))")
            }
            offset += written
        }
    }

    func write<T>(_ values: [T]) throws(TableError) {
        do {
            try values.withUnsafeBytes { bytes in try self.write(bytes) }
        } catch let error as TableError {
            throw error
        } catch {
            throw TableError.io(file: path, reason: "\(error)")
        }
    }

    func close() throws(TableError) {
        guard descriptor >= 0 else { return }
        let result = systemClose(descriptor)
        descriptor = -1
        if result != 0 {
            throw TableError.io(file: path, reason: "close failed: \(String(cString: strerror(errno)))")
        }
    }

    /// The file's size in bytes.
    func size() throws(TableError) -> Int {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            throw TableError.io(file: path, reason: "stat failed: \(String(cString: strerror(errno)))")
        }
        return Int(info.st_size)
    }

    /// Reads exactly `buffer.count` bytes into `buffer`.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(TableError) {
        guard let base = buffer.baseAddress else { return }
        var offset = 0
        while offset < buffer.count {
            let count = systemRead(descriptor, base + offset, buffer.count - offset)
            if count < 0 {
                if errno == EINTR { continue }
                throw TableError.io(file: path, reason: "read failed: \(String(cString: strerror(errno)))")
            }
            if count == 0 {
                throw TableError.invalidFormat(file: path, reason: "shorter than the schema says")
            }
            offset += count
        }
    }

    /// Reads the whole file as `count` values of `T`; the file must be exactly that long.
    static func readArray<T: BitwiseCopyable>(_ path: String, count: Int, of type: T.Type) throws(TableError) -> [T] {
        let file = try openForReading(path)
        let expected = count * MemoryLayout<T>.stride
        let size = try file.size()
        guard size == expected else {
            throw TableError.invalidFormat(file: path, reason: "\(size) bytes, expected \(expected) for \(count) rows")
        }
        // read(2) straight into the array's storage: no second buffer, no copy.
        var failure: TableError?
        let values = [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            do throws(TableError) {
                try file.read(into: UnsafeMutableRawBufferPointer(buffer))
                initialized = count
            } catch {
                failure = error
                initialized = 0
            }
        }
        if let failure { throw failure }
        try file.close()
        return values
    }

    /// Reads a whole file's bytes.
    static func readBytes(_ path: String) throws(TableError) -> [UInt8] {
        let file = try openForReading(path)
        let size = try file.size()
        return try readArray(path, count: size, of: UInt8.self)
    }
}
