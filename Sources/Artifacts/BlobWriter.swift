internal import Crypto
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Streams bytes into a new blob: a locked temporary file in the store, hashed as it is
/// written, fsynced and renamed to its digest on `commit()`.
///
/// The temporary file holds an exclusive `flock` for as long as the writer lives; the lock
/// vanishes with the process, which is how a later `BlobStore` open tells a crashed writer's
/// leftovers (lock free → remove) from a live writer's file (lock held → leave alone).
package final class BlobWriter: ByteSink {
    private let store: BlobStore
    private var file: SystemFile?
    private let temporaryPath: String
    private var hasher = SHA256()
    /// Bytes written so far.
    package private(set) var size: Int64 = 0

    package init(store: BlobStore) throws {
        self.store = store
        while true {
            let candidate = store.temporaryDirectory + "/blob-" + FileSystem.uniqueSuffix()
            let file = try SystemFile.createExclusive(candidate, mode: 0o644)
            _ = try file.lock(exclusive: true, wait: true)
            // A cleaner may have removed the file between create and lock; then start over.
            if try file.status().st_nlink > 0 {
                self.file = file
                self.temporaryPath = candidate
                return
            }
        }
    }

    deinit {
        if file != nil { _ = unlink(temporaryPath) }
    }

    package func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard let file else { throw ArtifactsError.invalidArgument("write after commit") }
        hasher.update(bufferPointer: bytes)
        try file.write(bytes)
        size += Int64(bytes.count)
    }

    /// Makes the blob durable under its digest and returns it. If the store already holds
    /// that digest, the existing blob is kept and the temporary file removed.
    package func commit() throws -> StoredBlob {
        try commit(expecting: nil)
    }

    /// Commits only if the bytes hash to `expected` (a blob fetched from elsewhere under a
    /// name it must live up to); otherwise throws `digestMismatch`, removes the temporary file
    /// and leaves the store as it was.
    package func commit(expecting expected: Digest?) throws -> StoredBlob {
        guard let file else { throw ArtifactsError.invalidArgument("commit called twice") }
        let digest = Digest(finalizing: hasher)
        if let expected, expected != digest {
            self.file = nil
            _ = unlink(temporaryPath)
            throw ArtifactsError.digestMismatch(expected: expected, actual: digest)
        }
        let destination = store.path(of: digest)
        if FileSystem.exists(destination) {
            try FileSystem.removeFile(temporaryPath)
            // Fresh again: gc's grace period protects a blob that a run is about to reference.
            FileSystem.touch(destination)
        } else {
            try file.sync()
            try FileSystem.rename(temporaryPath, to: destination)
            try FileSystem.syncDirectory(store.blobDirectory)
        }
        self.file = nil
        return StoredBlob(digest: digest, size: size)
    }
}

/// A blob that is in the store: its digest and its size in bytes.
public struct StoredBlob: Hashable, Codable, Sendable {
    public var digest: Digest
    public var size: Int64

    public init(digest: Digest, size: Int64) {
        self.digest = digest
        self.size = size
    }
}
