import Artifacts
import Foundation

/// A run's scratch space, `<store>/work/<run-id>/`: extracted inputs (shared by every stage of
/// the run that reads the same digest), params files, output directories, logs.
///
/// Removed when the run ends. A coordinator killed with SIGKILL cannot remove it, so each work
/// directory holds a `.lock` its run keeps locked; the next run removes directories whose lock
/// is free.
final class WorkDirectory: @unchecked Sendable {
    // @unchecked: immutable after init except `lockFile`, which only its owner closes.
    let path: String
    private var lockFile: SystemFile?

    init(store: BlobStore, runID: String) throws {
        // Absolute: stages run in the pipeline's directory, not the one a relative store is named from.
        let base = store.root.hasPrefix("/") ? store.root : FileManager.default.currentDirectoryPath + "/" + store.root
        let root = base + "/work"
        try FileSystem.makeDirectories(root)
        for name in (try? FileSystem.entries(of: root)) ?? [] {
            let candidate = root + "/" + name
            if let file = try? SystemFile.openLockFile(candidate + "/.lock"), (try? file.lock(exclusive: true, wait: false)) == true {
                try? FileSystem.removeTree(candidate)
            }
        }
        path = root + "/" + runID
        try FileSystem.makeDirectories(path)
        let file = try SystemFile.openLockFile(path + "/.lock")
        _ = try file.lock(exclusive: true, wait: true)
        lockFile = file
    }

    /// Where the bundle `digest` is extracted for stages to read; extracted on first use.
    func input(_ digest: Digest, from store: BlobStore) throws -> String {
        let directory = path + "/inputs/" + digest.hex
        if !FileSystem.isDirectory(directory) { try store.extract(digest, into: directory) }
        return directory
    }

    func stageDirectory(_ stage: String, attempt: Int) throws -> String {
        let directory = path + "/stages/\(stage)/attempt-\(attempt)"
        try? FileSystem.removeTree(directory)
        try FileSystem.makeDirectories(directory + "/output")
        return directory
    }

    func remove() {
        try? FileSystem.removeTree(path)
        lockFile = nil
    }
}
