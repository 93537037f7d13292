import Foundation

/// Notices pipeline files that changed since it last looked (device, inode, size or
/// modification time), following symbolic links, so an editor's write-and-rename or a
/// replaced config-map symlink counts as a change.
struct PipelineFileWatcher {
    private struct Snapshot: Equatable {
        var device: UInt64
        var inode: UInt64
        var size: Int64
        var seconds: Int
        var nanoseconds: Int
    }

    private var snapshots: [String: Snapshot?]

    init(files: [String]) {
        snapshots = Dictionary(files.map { ($0, Self.snapshot(of: $0)) }, uniquingKeysWith: { first, _ in first })
    }

    /// The files that changed since the last call (or since `init`), in no particular order.
    mutating func changedFiles() -> [String] {
        var changed: [String] = []
        for (file, old) in snapshots {
            let new = Self.snapshot(of: file)
            if new != old {
                snapshots[file] = new
                // A file that vanished is not reloaded; its reappearance is.
                if new != nil { changed.append(file) }
            }
        }
        return changed.sorted()
    }

    private static func snapshot(of path: String) -> Snapshot? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Snapshot(
            device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: Int64(info.st_size),
            seconds: Int(info.st_mtim.tv_sec), nanoseconds: Int(info.st_mtim.tv_nsec)
        )
    }
}
