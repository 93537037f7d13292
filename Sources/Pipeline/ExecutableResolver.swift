import Artifacts
import Foundation
import Synchronization

/// Finds a stage's executable and its identity (SHA-256 of the file), the part of the cache
/// key that makes a changed binary a cache miss.
///
/// `run` with a slash is relative to the pipeline's directory; a bare name is looked up next to
/// the running `retrain` first (so a fresh checkout's built-in stages are found without
/// installing anything), then on `PATH`. Digests are remembered in `cache/executables.json`
/// by path, size, modification time and inode, so an unchanged 30 MB binary is not rehashed
/// on every run; within one process they are also kept in memory, so a run reads that file
/// once rather than once per stage.
struct ExecutableResolver {
    let store: BlobStore

    private struct Fingerprint: Codable, Equatable {
        var size: Int64
        var modified: Double
        var inode: UInt64
        var digest: String
    }

    /// The fingerprint files this process has read or written, by path: a run reads
    /// `cache/executables.json` once, not once per stage.
    private static let remembered = Mutex<[String: [String: Fingerprint]]>([:])

    func resolve(_ run: String, for stage: String, directory: String) throws -> String {
        if run.contains("/") {
            let path = run.hasPrefix("/") ? run : directory + "/" + run
            guard FileManager.default.isExecutableFile(atPath: path) else { throw PipelineError.executableNotFound(stage: stage, run: run) }
            return (path as NSString).standardizingPath
        }
        var candidates: [String] = []
        if let own = Self.ownDirectory { candidates.append(own + "/" + run) }
        for entry in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") {
            candidates.append(String(entry) + "/" + run)
        }
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw PipelineError.executableNotFound(stage: stage, run: run)
        }
        return found
    }

    /// The directory holding the running executable (`/proc/self/exe`).
    static var ownDirectory: String? {
        guard let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") else { return nil }
        return (path as NSString).deletingLastPathComponent
    }

    /// `sha256:<hex>` of the file, from the fingerprint cache when the file is unchanged.
    func identity(of path: String) throws -> String {
        var info = stat()
        guard stat(path, &info) == 0 else { throw ArtifactsError.io("stat", path: path) }
        let fingerprint = Fingerprint(size: Int64(info.st_size), modified: Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9,
                                      inode: UInt64(info.st_ino), digest: "")
        let cachePath = store.root + "/cache/executables.json"
        var known = Self.fingerprints(in: cachePath)
        if var cached = known[path] {
            let digest = cached.digest
            cached.digest = ""
            if cached == fingerprint { return digest }
        }
        let digest = try Self.hash(file: path)
        var updated = fingerprint
        updated.digest = digest
        known[path] = updated
        try? FileSystem.makeDirectories(store.root + "/cache")
        try? FileSystem.writeAtomically(Array(JSONValue.canonicalData(known)), to: cachePath)
        Self.remembered.withLock { [known] in $0[cachePath] = known }
        return digest
    }

    /// The fingerprint file's entries: from memory after the first read in this process.
    private static func fingerprints(in cachePath: String) -> [String: Fingerprint] {
        if let known = remembered.withLock({ $0[cachePath] }) { return known }
        let known = (try? JSONDecoder().decode([String: Fingerprint].self, from: Data(FileSystem.readFile(cachePath)))) ?? [:]
        remembered.withLock { $0[cachePath] = known }
        return known
    }

    static func hash(file path: String) throws -> String {
        let sink = HashingSink()
        try FileSource(path: path).copy(to: sink)
        return sink.digest.description
    }
}
