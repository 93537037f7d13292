#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A file mapped read-only into memory, whose pages can be given back once read.
///
/// The CSV reader parses straight out of the mapping (no copy, no per-field `String`) and
/// releases the pages behind it, so resident memory stays bounded by the chunks in flight
/// rather than growing with the file.
final class MappedFile: @unchecked Sendable {
    // @unchecked Sendable: the mapping is read-only and immutable for the object's lifetime;
    // `release` only tells the kernel it may drop pages, which are re-read from the file if
    // touched again, so concurrent readers always see the same bytes.
    let path: String
    let count: Int
    private let mapping: UnsafeMutableRawPointer?
    private let pageSize: Int
    /// Stands in for the bytes of an empty file, which cannot be mapped.
    private let emptyByte = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)

    init(path: String) throws(CSVError) {
        self.path = path
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw CSVError.io(file: path, reason: "cannot open: \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            throw CSVError.io(file: path, reason: "cannot stat: \(String(cString: strerror(errno)))")
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw CSVError.io(file: path, reason: "not a regular file")
        }
        count = Int(info.st_size)
        pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
        if count == 0 {
            mapping = nil
            emptyByte.initialize(to: 0)
            return
        }
        let pointer = mmap(nil, count, PROT_READ, MAP_PRIVATE, descriptor, 0)
        guard let pointer, pointer != MAP_FAILED else {
            throw CSVError.io(file: path, reason: "cannot map: \(String(cString: strerror(errno)))")
        }
        madvise(pointer, count, MADV_SEQUENTIAL)
        mapping = pointer
    }

    deinit {
        if let mapping { munmap(mapping, count) }
        emptyByte.deallocate()
    }

    /// The bytes; a valid pointer even for an empty file.
    var base: UnsafePointer<UInt8> {
        if let mapping { return UnsafePointer(mapping.assumingMemoryBound(to: UInt8.self)) }
        return UnsafePointer(emptyByte)
    }

    /// Lets the kernel drop the whole pages inside `range` from memory.
    func release(_ range: Range<Int>) {
        guard let mapping else { return }
        let start = (range.lowerBound + pageSize - 1) / pageSize * pageSize
        let end = range.upperBound / pageSize * pageSize
        guard end > start else { return }
        madvise(mapping + start, end - start, MADV_DONTNEED)
    }
}
