import Artifacts
import Foundation
import Testing
import TestSupport

@Suite struct BlobStoreTests {
    @Test func aNewStoreIsAnOCIImageLayout() throws {
        let directory = try TemporaryDirectory()
        let store = try BlobStore(root: directory.child("store"))
        let layout = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: store.root + "/oci-layout"))) as? [String: Any]
        #expect(layout?["imageLayoutVersion"] as? String == "1.0.0")
        let index = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: store.root + "/index.json"))) as? [String: Any]
        #expect(index?["schemaVersion"] as? Int == 2)
        #expect((index?["manifests"] as? [Any])?.isEmpty == true)
        #expect(FileManager.default.fileExists(atPath: store.root + "/blobs/sha256"))
    }

    @Test func aFileIsStoredAsItIsUnderItsSHA256() throws {
        let directory = try TemporaryDirectory()
        let store = try BlobStore(root: directory.child("store"))
        let path = try directory.write("plain bytes\n", to: "file.txt")
        let blob = try store.put(file: path)
        let expected = try ChildProcess("/usr/bin/sha256sum", [path]).run().output.prefix(64)
        #expect(blob.digest.hex == String(expected))
        #expect(blob.size == 12)
        #expect(try store.read(blob.digest) == Array("plain bytes\n".utf8))
        #expect(try store.put(bytes: Array("plain bytes\n".utf8)) == blob)
        #expect(try store.list() == [blob])
    }

    @Test func aFlippedByteIsCaughtByEveryRead() throws {
        let directory = try TemporaryDirectory()
        let store = try BlobStore(root: directory.child("store"))
        let tree = try BundleTests.makeFixedTree(in: directory)
        let blob = try store.put(directory: tree)
        #expect(try store.verify().isEmpty)
        try flipByte(at: 40, of: store.path(of: blob.digest))
        let mismatch: (any Error) -> Bool = { "\($0)".contains(blob.digest.description) && "\($0)".contains("corrupt") }
        #expect(performing: { try store.read(blob.digest) }, throws: mismatch)
        #expect(performing: { try store.write(blob.digest, toFile: directory.child("copy")) }, throws: mismatch)
        #expect(!FileManager.default.fileExists(atPath: directory.child("copy")))
        #expect(performing: { try store.extract(blob.digest, into: directory.child("out")) }, throws: { _ in true })
        #expect(!FileManager.default.fileExists(atPath: directory.child("out")))
        let problems = try store.verify()
        #expect(problems.count == 1)
        #expect(problems.first?.contains(blob.digest.description) == true)
    }

    @Test func aMissingBlobIsNamed() throws {
        let directory = try TemporaryDirectory()
        let store = try BlobStore(root: directory.child("store"))
        let digest = Digest(of: Array("never stored".utf8))
        #expect(throws: ArtifactsError.blobNotFound(digest)) { try store.read(digest) }
    }

    @Test func abandonedTemporaryFilesGoLiveWritersStay() throws {
        let directory = try TemporaryDirectory()
        let store = try BlobStore(root: directory.child("store"))
        let abandoned = try directory.write("half a blob", to: "store/tmp/blob-dead-writer")
        let live = try directory.write("being written", to: "store/tmp/blob-live-writer")
        let handle = try #require(FileHandle(forReadingAtPath: live))
        #expect(flock(handle.fileDescriptor, LOCK_EX) == 0)
        _ = try BlobStore(root: store.root)
        #expect(!FileManager.default.fileExists(atPath: abandoned))
        #expect(FileManager.default.fileExists(atPath: live))
        try handle.close()
    }

    @Test func malformedDigestsAreRefusedBeforeTheyBecomePaths() {
        for text in ["sha256:../../etc/passwd", "sha256:ABC", "md5:0123", "sha256:" + String(repeating: "g", count: 64), ""] {
            #expect(throws: ArtifactsError.invalidDigest(text)) { try Digest(parsing: text) }
        }
    }

    func flipByte(at offset: UInt64, of path: String) throws {
        let handle = try #require(FileHandle(forUpdatingAtPath: path))
        try handle.seek(toOffset: offset)
        let byte = try #require(try handle.read(upToCount: 1)?.first)
        try handle.seek(toOffset: offset)
        try handle.write(contentsOf: Data([byte ^ 0x01]))
        try handle.close()
    }
}
