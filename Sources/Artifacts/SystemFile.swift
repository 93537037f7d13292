#if canImport(Glibc)
package import Glibc
#elseif canImport(Darwin)
package import Darwin
#endif

/// An open POSIX file descriptor with the few operations the store needs, each retried on
/// `EINTR` and turned into an `ArtifactsError` that names the path.
///
/// A class so that several stream parts can share one open file; it closes on deinit.
package final class SystemFile {
    package let descriptor: Int32
    package let path: String

    package init(descriptor: Int32, path: String) {
        self.descriptor = descriptor
        self.path = path
    }

    deinit { _ = Glibc.close(descriptor) }

    /// Opens an existing file for reading.
    package static func openForReading(_ path: String) throws -> SystemFile {
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ArtifactsError.io("open", path: path) }
        return SystemFile(descriptor: fd, path: path)
    }

    /// Creates a new file that must not exist yet (`O_EXCL`, never following a link).
    package static func createExclusive(_ path: String, mode: mode_t = 0o644) throws -> SystemFile {
        let fd = Glibc.open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
        guard fd >= 0 else { throw ArtifactsError.io("create", path: path) }
        return SystemFile(descriptor: fd, path: path)
    }

    /// Opens (creating if needed) a file used only for `flock`.
    package static func openLockFile(_ path: String) throws -> SystemFile {
        let fd = Glibc.open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw ArtifactsError.io("open lock file", path: path) }
        return SystemFile(descriptor: fd, path: path)
    }

    /// Reads up to `buffer.count` bytes; 0 means end of file.
    package func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while true {
            let n = Glibc.read(descriptor, buffer.baseAddress, buffer.count)
            if n >= 0 { return n }
            if errno != EINTR { throw ArtifactsError.io("read", path: path) }
        }
    }

    /// Writes every byte, looping over short writes.
    package func write(_ bytes: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < bytes.count {
            let n = Glibc.write(descriptor, bytes.baseAddress.map { $0 + offset }, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                throw ArtifactsError.io("write", path: path)
            }
            offset += n
        }
    }

    package func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { (raw) throws in try write(raw) }
    }

    /// Flushes the file's data and metadata to stable storage.
    package func sync() throws {
        guard fsync(descriptor) == 0 else { throw ArtifactsError.io("fsync", path: path) }
    }

    package func status() throws -> stat {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw ArtifactsError.io("stat", path: path) }
        return info
    }

    /// Takes an advisory `flock`; with `wait: false` returns false instead of blocking when
    /// another open file description holds it.
    package func lock(exclusive: Bool = true, wait: Bool = true) throws -> Bool {
        var operation = exclusive ? LOCK_EX : LOCK_SH
        if !wait { operation |= LOCK_NB }
        while flock(descriptor, operation) != 0 {
            if errno == EINTR { continue }
            if errno == EWOULDBLOCK { return false }
            throw ArtifactsError.io("lock", path: path)
        }
        return true
    }
}

/// Small path operations over POSIX calls, used where Foundation would hide the errno.
package enum FileSystem {
    /// fsyncs a directory so a rename or unlink inside it survives a crash.
    package static func syncDirectory(_ path: String) throws {
        let fd = Glibc.open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw ArtifactsError.io("open directory", path: path) }
        defer { _ = Glibc.close(fd) }
        guard fsync(fd) == 0 else { throw ArtifactsError.io("fsync directory", path: path) }
    }

    package static func rename(_ from: String, to: String) throws {
        guard Glibc.rename(from, to) == 0 else { throw ArtifactsError.io("rename to '\(to)'", path: from) }
    }

    /// Creates a directory and any missing parents (mode 0755).
    package static func makeDirectories(_ path: String) throws {
        if isDirectory(path) { return }
        let parent = parentDirectory(of: path)
        if parent != path && !parent.isEmpty { try makeDirectories(parent) }
        if mkdir(path, 0o755) != 0 && errno != EEXIST { throw ArtifactsError.io("create directory", path: path) }
    }

    package static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// Size and modification time of a path, or nil when it does not exist.
    package static func sizeAndModificationTime(_ path: String) -> (size: Int64, modified: Double)? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        return (Int64(info.st_size), Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9)
    }

    /// Sets a file's modification time to now (how a re-stored blob tells gc it is fresh).
    package static func touch(_ path: String) {
        _ = utimensat(AT_FDCWD, path, nil, 0)
    }

    package static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    package static func removeFile(_ path: String) throws {
        guard unlink(path) == 0 || errno == ENOENT else { throw ArtifactsError.io("remove", path: path) }
    }

    /// Removes a file or a directory tree; missing paths are fine.
    package static func removeTree(_ path: String) throws {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            for name in try entries(of: path) { try removeTree(path + "/" + name) }
            guard rmdir(path) == 0 else { throw ArtifactsError.io("remove directory", path: path) }
        } else {
            try removeFile(path)
        }
    }

    /// The names in a directory (without `.` and `..`), unsorted. Names must be UTF-8.
    package static func entries(of path: String) throws -> [String] {
        guard let dir = opendir(path) else { throw ArtifactsError.io("list directory", path: path) }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(validating: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            guard let name else { throw ArtifactsError.unsupportedFile(path, "it holds a name that is not valid UTF-8") }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    package static func parentDirectory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// Writes `bytes` to `path` so that readers see either the old file or the whole new one:
    /// a temporary file beside it, fsync, rename, fsync of the directory.
    ///
    /// `durable: false` leaves out both fsyncs, for files whose loss in a power cut costs
    /// nothing (the lock holder's description: the lock itself is the flock).
    package static func writeAtomically(_ bytes: [UInt8], to path: String, mode: mode_t = 0o644, durable: Bool = true) throws {
        let directory = parentDirectory(of: path)
        let temporary = directory + "/.tmp-" + uniqueSuffix()
        do {
            let file = try SystemFile.createExclusive(temporary, mode: mode)
            try file.write(bytes)
            if durable { try file.sync() }
        } catch {
            try? removeFile(temporary)
            throw error
        }
        do {
            try rename(temporary, to: path)
        } catch {
            try? removeFile(temporary)
            throw error
        }
        if durable { try syncDirectory(directory) }
    }

    /// A name part that no other writer, in this process or another, picks at the same time.
    package static func uniqueSuffix() -> String {
        var random = SystemRandomNumberGenerator()
        return "\(getpid())-" + String(random.next(), radix: 36)
    }

    package static func readFile(_ path: String) throws -> [UInt8] {
        let file = try SystemFile.openForReading(path)
        var result: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = try buffer.withUnsafeMutableBytes { (raw) throws in try file.read(into: raw) }
            if n == 0 { break }
            result.append(contentsOf: buffer[..<n])
        }
        return result
    }
}
