internal import Crypto

/// A sink that only hashes what passes through it (for executables' identities, cache keys).
package final class HashingSink: ByteSink {
    private var hasher = SHA256()

    package init() {}

    package func write(_ bytes: UnsafeRawBufferPointer) throws {
        hasher.update(bufferPointer: bytes)
    }

    package var digest: Digest { Digest(finalizing: hasher) }
}
