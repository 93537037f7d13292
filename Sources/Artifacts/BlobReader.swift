internal import Crypto

/// Reads a blob and checks, when it reaches the end, that the bytes hash to the blob's name.
///
/// A mismatch is thrown from the final `read` (the one that returns 0), so any consumer that
/// reads to the end — `get`, `cat`, extraction, `verify` — fails on a corrupt blob.
package final class BlobReader: ByteSource {
    package let digest: Digest
    private let file: SystemFile
    private var hasher = SHA256()
    private var isVerified = false

    package init(store: BlobStore, digest: Digest) throws {
        self.digest = digest
        let path = store.path(of: digest)
        guard FileSystem.exists(path) else { throw ArtifactsError.blobNotFound(digest) }
        self.file = try SystemFile.openForReading(path)
    }

    package func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = try file.read(into: buffer)
        if n > 0 {
            hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffer[..<n]))
        } else if !isVerified {
            let actual = Digest(finalizing: hasher)
            guard actual == digest else { throw ArtifactsError.digestMismatch(expected: digest, actual: actual) }
            isVerified = true
        }
        return n
    }
}
