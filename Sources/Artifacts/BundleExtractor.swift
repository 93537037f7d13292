#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Restores a directory tree from a tar stream, refusing anything that could escape it.
///
/// Absolute paths, `..` components, links, devices, FIFOs and duplicate entries are refused
/// with an error naming the entry. Everything is written into a temporary sibling of the
/// destination and renamed into place only when the whole stream has been read (and, for a
/// verifying source, its digest checked), so a failed extraction leaves nothing behind.
package enum BundleExtractor {
    /// Extracts the archive read from `source` into `destination`, which must not exist or be
    /// an empty directory.
    package static func extract(from source: any ByteSource, into destination: String) throws {
        if FileSystem.exists(destination) {
            guard FileSystem.isDirectory(destination), try FileSystem.entries(of: destination).isEmpty else {
                throw ArtifactsError.invalidArgument("cannot extract into '\(destination)': it exists and is not an empty directory")
            }
        }
        let parent = FileSystem.parentDirectory(of: destination)
        try FileSystem.makeDirectories(parent)
        let staging = destination + ".partial-" + FileSystem.uniqueSuffix()
        guard mkdir(staging, 0o755) == 0 else { throw ArtifactsError.io("create directory", path: staging) }
        do {
            try extractEntries(from: source, into: staging)
            // Read to the very end, so gzip trailers and the blob's digest are checked.
            let rest = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
            defer { rest.deallocate() }
            while try source.read(into: rest) > 0 {}
            if FileSystem.exists(destination) { try FileSystem.removeTree(destination) }
            try FileSystem.rename(staging, to: destination)
        } catch {
            try? FileSystem.removeTree(staging)
            throw error
        }
    }

    private static func extractEntries(from source: any ByteSource, into root: String) throws {
        let reader = TarReader(source: source)
        var seen = Set<String>()
        var knownDirectories = Set<String>()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        while let entry = try reader.next() {
            let path = try safePath(entry.path)
            switch entry.kind {
            case .file, .directory: break
            case .hardLink, .symbolicLink: throw ArtifactsError.unsafeEntry(entry.path, "links are not allowed")
            case .device: throw ArtifactsError.unsafeEntry(entry.path, "device files are not allowed")
            case .fifo: throw ArtifactsError.unsafeEntry(entry.path, "FIFOs are not allowed")
            case let .other(type): throw ArtifactsError.unsafeEntry(entry.path, "unsupported entry type '\(Character(Unicode.Scalar(type)))'")
            }
            guard let path else {
                guard entry.kind == .directory else { throw ArtifactsError.unsafeEntry(entry.path, "a file cannot be the archive's root") }
                continue
            }
            guard seen.insert(path).inserted else { throw ArtifactsError.unsafeEntry(entry.path, "duplicate entry") }
            try makeParents(of: path, root: root, known: &knownDirectories, entry: entry.path)
            let target = root + "/" + path
            if entry.kind == .directory {
                if !knownDirectories.contains(path) {
                    guard mkdir(target, 0o755) == 0 else {
                        throw errno == EEXIST ? ArtifactsError.unsafeEntry(entry.path, "a file of that name exists already") : ArtifactsError.io("create directory", path: target)
                    }
                    knownDirectories.insert(path)
                }
                continue
            }
            if knownDirectories.contains(path) { throw ArtifactsError.unsafeEntry(entry.path, "a directory of that name exists already") }
            let mode: mode_t = entry.mode & 0o111 != 0 ? 0o755 : 0o644
            let file = try SystemFile.createExclusive(target, mode: mode)
            guard fchmod(file.descriptor, mode) == 0 else { throw ArtifactsError.io("chmod", path: target) }
            while true {
                let n = try reader.readContents(into: buffer)
                if n == 0 { break }
                try file.write(UnsafeRawBufferPointer(rebasing: buffer[..<n]))
            }
        }
    }

    /// The entry's path normalised (no `./`, no empty components), nil for the root itself.
    private static func safePath(_ path: String) throws -> String? {
        if path.hasPrefix("/") { throw ArtifactsError.unsafeEntry(path, "absolute paths are not allowed") }
        if path.utf8.contains(0) { throw ArtifactsError.unsafeEntry(path, "NUL in path") }
        var components: [Substring] = []
        for component in path.split(separator: "/", omittingEmptySubsequences: true) {
            if component == "." { continue }
            if component == ".." { throw ArtifactsError.unsafeEntry(path, "'..' is not allowed in paths") }
            components.append(component)
        }
        return components.isEmpty ? nil : components.joined(separator: "/")
    }

    private static func makeParents(of path: String, root: String, known: inout Set<String>, entry: String) throws {
        var prefix = ""
        let parts = path.split(separator: "/")
        for part in parts.dropLast() {
            prefix = prefix.isEmpty ? String(part) : prefix + "/" + part
            if known.contains(prefix) { continue }
            let target = root + "/" + prefix
            if mkdir(target, 0o755) != 0 {
                guard errno == EEXIST, FileSystem.isDirectory(target) else {
                    throw ArtifactsError.unsafeEntry(entry, "its parent '\(prefix)' is not a directory")
                }
            }
            known.insert(prefix)
        }
    }
}
