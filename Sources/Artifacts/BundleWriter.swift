#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns a directory tree into a deterministic tar stream.
///
/// Entries are sorted by their path's bytes; directories are included (so empty ones survive);
/// files keep only their executable bit. Symbolic links, devices, sockets and FIFOs are
/// refused by name: a bundle holds regular files and directories only, so extracting it can
/// never point outside its destination.
package enum BundleWriter {
    private struct Entry {
        var path: [UInt8]
        var isDirectory: Bool
        var size: Int64
        var isExecutable: Bool
    }

    /// Writes every entry under `directory` into `tar` and ends the archive.
    package static func archive(directory: String, into tar: TarWriter) throws {
        guard FileSystem.isDirectory(directory) else {
            throw ArtifactsError.unsupportedFile(directory, "not a directory")
        }
        var entries: [Entry] = []
        try collect(root: directory, relative: [], into: &entries)
        entries.sort { $0.path.lexicographicallyPrecedes($1.path) }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        for entry in entries {
            if entry.isDirectory {
                try tar.appendDirectory(path: entry.path)
                continue
            }
            let path = directory + "/" + String(decoding: entry.path, as: UTF8.self)
            let file = try SystemFile.openForReading(path)
            try tar.appendFile(path: entry.path, size: entry.size, isExecutable: entry.isExecutable) { sink in
                var left = entry.size
                while left > 0 {
                    let n = try file.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[..<Int(min(left, Int64(buffer.count)))]))
                    if n == 0 { throw ArtifactsError.unsupportedFile(path, "it shrank while being bundled") }
                    try sink.write(UnsafeRawBufferPointer(rebasing: buffer[..<n]))
                    left -= Int64(n)
                }
                if try file.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[..<1])) != 0 {
                    throw ArtifactsError.unsupportedFile(path, "it grew while being bundled")
                }
            }
        }
        try tar.finish()
    }

    private static func collect(root: String, relative: [UInt8], into entries: inout [Entry]) throws {
        let directory = relative.isEmpty ? root : root + "/" + String(decoding: relative, as: UTF8.self)
        for name in try FileSystem.entries(of: directory) {
            let nameBytes = Array(name.utf8)
            let path = relative.isEmpty ? nameBytes : relative + [0x2f] + nameBytes
            let fullPath = directory + "/" + name
            var info = stat()
            guard lstat(fullPath, &info) == 0 else { throw ArtifactsError.io("stat", path: fullPath) }
            switch info.st_mode & S_IFMT {
            case S_IFDIR:
                entries.append(Entry(path: path, isDirectory: true, size: 0, isExecutable: true))
                try collect(root: root, relative: path, into: &entries)
            case S_IFREG:
                entries.append(Entry(path: path, isDirectory: false, size: Int64(info.st_size), isExecutable: info.st_mode & 0o111 != 0))
            case S_IFLNK:
                throw ArtifactsError.unsupportedFile(fullPath, "symbolic links are not allowed in bundles")
            default:
                throw ArtifactsError.unsupportedFile(fullPath, "only regular files and directories are allowed in bundles")
            }
        }
    }
}
