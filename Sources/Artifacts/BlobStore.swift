#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The content-addressed store: blobs named by the SHA-256 of their bytes, in a directory that
/// is a valid OCI image layout from the moment it is created.
///
/// Invariants: a file under `blobs/sha256/` is only ever created by renaming a complete,
/// fsynced temporary file whose bytes hash to that name; blobs are never rewritten; every read
/// through the store verifies the digest. Temporary files live in `tmp/` beside `blobs/`, so a
/// crash mid-write never leaves a half blob under a real name.
public struct BlobStore: Sendable {
    /// The store's root directory.
    public let root: String

    /// The default root when neither `--store` nor `RETRAIN_STORE` names one.
    public static let defaultRoot = "artifacts"

    package var blobDirectory: String { root + "/blobs/sha256" }
    package var temporaryDirectory: String { root + "/tmp" }

    /// Opens the store at `root`, creating the layout if it is missing and removing temporary
    /// files that crashed writers left behind.
    public init(root: String) throws {
        self.root = root.count > 1 && root.hasSuffix("/") ? String(root.dropLast()) : root
        try FileSystem.makeDirectories(blobDirectory)
        try FileSystem.makeDirectories(temporaryDirectory)
        try OCILayout.create(in: self)
        try removeAbandonedTemporaryFiles()
    }

    /// Where the blob named `digest` lives (whether or not it exists).
    public func path(of digest: Digest) -> String {
        blobDirectory + "/" + digest.hex
    }

    public func contains(_ digest: Digest) -> Bool {
        FileSystem.exists(path(of: digest))
    }

    /// The blob with its size, or nil when the store does not hold it.
    public func blob(_ digest: Digest) -> StoredBlob? {
        FileSystem.sizeAndModificationTime(path(of: digest)).map { StoredBlob(digest: digest, size: $0.size) }
    }

    /// Stores a directory as a deterministic bundle (sorted tar, gzip at `level`).
    ///
    /// - Parameter progress: called with the uncompressed bytes read so far, once per chunk.
    public func put(directory: String, level: Int = 6, progress: (@Sendable (Int64) -> Void)? = nil) throws -> StoredBlob {
        let blob = try BlobWriter(store: self)
        let gzip = try ChunkedGzipWriter(level: Int32(level), sink: blob, progress: progress)
        try BundleWriter.archive(directory: directory, into: TarWriter(sink: gzip))
        try gzip.finish()
        return try blob.commit()
    }

    /// Stores a file's bytes as they are.
    public func put(file path: String) throws -> StoredBlob {
        let blob = try BlobWriter(store: self)
        try FileSource(path: path).copy(to: blob)
        return try blob.commit()
    }

    /// Stores bytes held in memory (manifests, metadata).
    public func put(bytes: [UInt8]) throws -> StoredBlob {
        let blob = try BlobWriter(store: self)
        try blob.write(bytes)
        return try blob.commit()
    }

    /// A verifying reader over the blob's bytes.
    package func open(_ digest: Digest) throws -> BlobReader {
        try BlobReader(store: self, digest: digest)
    }

    /// The whole blob, verified (small blobs only: manifests, metadata).
    public func read(_ digest: Digest) throws -> [UInt8] {
        let sink = MemorySink()
        try open(digest).copy(to: sink)
        return sink.bytes
    }

    /// Writes the blob to `destination`; the file appears only once the digest has been verified.
    public func write(_ digest: Digest, toFile destination: String) throws {
        let reader = try open(digest)
        let temporary = FileSystem.parentDirectory(of: destination) + "/.retrain-get-" + FileSystem.uniqueSuffix()
        do {
            let file = try SystemFile.createExclusive(temporary)
            try reader.copy(to: FileSink(file: file))
            try FileSystem.rename(temporary, to: destination)
        } catch {
            try? FileSystem.removeFile(temporary)
            throw error
        }
    }

    /// Extracts a bundle into `directory` (which must not exist, or be empty).
    ///
    /// A corrupt blob usually breaks the gzip or tar layer before its last byte is hashed; the
    /// error then names the symptom. So when extraction fails, the blob is rehashed and, if it
    /// does not match, the digest mismatch (the cause) is what is thrown.
    public func extract(_ digest: Digest, into directory: String) throws {
        do {
            try BundleExtractor.extract(from: GzipReader(source: open(digest)), into: directory)
        } catch {
            try verify(digest)
            throw error
        }
    }

    /// Rehashes one blob; throws `digestMismatch` if its bytes do not match its name.
    public func verify(_ digest: Digest) throws {
        let reader = try open(digest)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        while try reader.read(into: buffer) > 0 {}
    }

    /// Streams the blob's bytes to a file descriptor (stdout for `store cat`). A corrupt blob
    /// is reported after its bytes have been written, when the digest is known.
    public func copy(_ digest: Digest, toDescriptor descriptor: Int32) throws {
        let file = SystemFile(descriptor: dup(descriptor), path: "standard output")
        try open(digest).copy(to: FileSink(file: file))
    }

    /// Every blob with its size, sorted by digest. Names that are not digests are skipped here
    /// and reported by `verify()`.
    public func list() throws -> [StoredBlob] {
        var blobs: [StoredBlob] = []
        for name in try FileSystem.entries(of: blobDirectory) {
            guard let digest = try? Digest(parsing: "sha256:" + name) else { continue }
            var info = stat()
            guard lstat(path(of: digest), &info) == 0 else { continue }
            blobs.append(StoredBlob(digest: digest, size: Int64(info.st_size)))
        }
        return blobs.sorted { $0.digest < $1.digest }
    }

    /// Rehashes every blob; returns one line per blob that does not match its name.
    public func verify() throws -> [String] {
        var problems: [String] = []
        for name in try FileSystem.entries(of: blobDirectory).sorted() {
            guard let digest = try? Digest(parsing: "sha256:" + name) else {
                problems.append("blobs/sha256/\(name): not named by a SHA-256 digest")
                continue
            }
            do {
                try verify(digest)
            } catch {
                problems.append("\(error)")
            }
        }
        return problems
    }

    private func removeAbandonedTemporaryFiles() throws {
        for name in try FileSystem.entries(of: temporaryDirectory) {
            let path = temporaryDirectory + "/" + name
            guard let file = try? SystemFile.openForReading(path) else { continue }
            if (try? file.lock(exclusive: true, wait: false)) == true {
                try? FileSystem.removeFile(path)
            }
        }
    }
}

/// A sink over an open file.
package final class FileSink: ByteSink {
    private let file: SystemFile
    package init(file: SystemFile) { self.file = file }
    package func write(_ bytes: UnsafeRawBufferPointer) throws { try file.write(bytes) }
}
