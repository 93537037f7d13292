import Artifacts
import Foundation
import Testing
import TestSupport

@Suite struct BundleTests {
    /// A small fixed tree: nested directories, an empty one, an executable, a long name.
    static func makeFixedTree(in directory: TemporaryDirectory, name: String = "tree", reversed: Bool = false) throws -> String {
        var files: [(String, String, Int)] = [
            ("README.md", "retrain bundles are deterministic\n", 0o644),
            ("model/weights.txt", String(repeating: "0.125 -0.5 3.25\n", count: 200), 0o600),
            ("model/run.sh", "#!/bin/sh\necho scoring\n", 0o755),
            ("data/" + String(repeating: "long-name-", count: 12) + "end.csv", "a,b\n1,2\n", 0o644),
            ("data/nested/deeper/x.json", "{\"x\":1}\n", 0o640),
        ]
        if reversed { files.reverse() }
        for (path, contents, mode) in files { try directory.write(contents, to: "\(name)/\(path)", mode: mode) }
        try FileManager.default.createDirectory(atPath: directory.child("\(name)/empty"), withIntermediateDirectories: true)
        return directory.child(name)
    }

    /// The digest of `makeFixedTree` at level 6. If the bundle format changes, this changes:
    /// update it only on purpose, because every cache key and version built on it changes too.
    static let pinnedDigest = "sha256:5bcdd38afe3aab9d38641485ccca21c8edb9e153ce6727dd8819da1eb46bb41f"

    @Test func sameTreeGivesSameDigestWhateverTheMtimesModesAndCreationOrder() throws {
        let directory = try TemporaryDirectory()
        let store = try BlobStore(root: directory.child("store"))
        let first = try Self.makeFixedTree(in: directory, name: "one")
        let second = try Self.makeFixedTree(in: directory, name: "two", reversed: true)
        let old = Date(timeIntervalSince1970: 1_000_000)
        try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: second + "/README.md")
        try FileManager.default.setAttributes([.posixPermissions: 0o664], ofItemAtPath: second + "/README.md")
        let a = try store.put(directory: first)
        let b = try store.put(directory: second)
        #expect(a == b)
        #expect(a.digest.description == Self.pinnedDigest)
        #expect(try store.list().count == 1)
    }

    @Test func tarRestoresTheTreeFromABundle() throws {
        let directory = try TemporaryDirectory()
        let store = try BlobStore(root: directory.child("store"))
        let tree = try Self.makeFixedTree(in: directory)
        let blob = try store.put(directory: tree)
        try FileManager.default.createDirectory(atPath: directory.child("out"), withIntermediateDirectories: true)
        let untar = try ChildProcess("/bin/tar", ["-xzf", store.path(of: blob.digest), "-C", directory.child("out")]).run()
        #expect(untar.status == 0, "\(untar.standardError)")
        let diff = try ChildProcess("/usr/bin/diff", ["-r", tree, directory.child("out")]).run()
        #expect(diff.status == 0, "\(diff.output)")
        #expect(FileManager.default.isExecutableFile(atPath: directory.child("out/model/run.sh")))
        #expect(!FileManager.default.isExecutableFile(atPath: directory.child("out/README.md")))
        #expect(FileManager.default.fileExists(atPath: directory.child("out/empty")))
        let listing = try ChildProcess("/bin/tar", ["-tvzf", store.path(of: blob.digest)]).run().output
        #expect(listing.contains("0/0"))
        #expect(!listing.contains("root"))
        #expect(listing.contains("1970-01-01 00:00"))
    }

    @Test(arguments: ["gnu", "oldgnu", "pax"])
    func extractsWhatTarWrites(format: String) throws {
        let directory = try TemporaryDirectory()
        let store = try BlobStore(root: directory.child("store"))
        let tree = try Self.makeFixedTree(in: directory)
        let archive = directory.child("made-by-tar.tgz")
        // gnu/oldgnu carry the long name in an 'L' entry, pax in an extended header.
        let made = try ChildProcess("/bin/tar", ["--format=\(format)", "-czf", archive, "-C", tree, "."]).run()
        #expect(made.status == 0, "\(made.standardError)")
        let blob = try store.put(file: archive)
        try store.extract(blob.digest, into: directory.child("out"))
        let diff = try ChildProcess("/usr/bin/diff", ["-r", tree, directory.child("out")]).run()
        #expect(diff.status == 0, "\(diff.output)")
        #expect(FileManager.default.isExecutableFile(atPath: directory.child("out/model/run.sh")))
    }

    @Test func largeAndManyFileTreesRoundTrip() throws {
        let directory = try TemporaryDirectory()
        let store = try BlobStore(root: directory.child("store"))
        try directory.write(try RandomBytes.read(100 << 20), to: "tree/weights.bin")
        for i in 0..<1500 {
            try directory.write("row \(i),\(i * i)\n", to: "tree/parts/\(i % 10)/part-\(i).csv")
        }
        let blob = try store.put(directory: directory.child("tree"))
        try store.extract(blob.digest, into: directory.child("out"))
        let diff = try ChildProcess("/usr/bin/diff", ["-r", "-q", directory.child("tree"), directory.child("out")]).run()
        #expect(diff.status == 0, "\(diff.output)")
    }

    @Test func emptyTreeRoundTrips() throws {
        let directory = try TemporaryDirectory()
        let store = try BlobStore(root: directory.child("store"))
        try FileManager.default.createDirectory(atPath: directory.child("empty"), withIntermediateDirectories: true)
        let blob = try store.put(directory: directory.child("empty"))
        try store.extract(blob.digest, into: directory.child("out"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.child("out")).isEmpty)
    }

    @Test func bundlingRefusesSymbolicLinksByName() throws {
        let directory = try TemporaryDirectory()
        let store = try BlobStore(root: directory.child("store"))
        try directory.write("x", to: "tree/real.txt")
        try FileManager.default.createSymbolicLink(atPath: directory.child("tree/link"), withDestinationPath: "/etc/passwd")
        #expect {
            try store.put(directory: directory.child("tree"))
        } throws: { error in
            "\(error)".contains("tree/link") && "\(error)".contains("symbolic link")
        }
        #expect(try store.list().isEmpty)
    }

    /// Archives built by Python's tarfile, each with one hostile entry.
    static let attacks: [(name: String, script: String, expected: String)] = [
        ("absolute", "add_file(t, '/tmp/retrain-escape.txt')", "/tmp/retrain-escape.txt"),
        ("dotdot", "add_file(t, '../escape.txt')", "../escape.txt"),
        ("nested-dotdot", "add_file(t, 'ok/../../escape.txt')", "ok/../../escape.txt"),
        ("symlink", "i = tarfile.TarInfo('link'); i.type = tarfile.SYMTYPE; i.linkname = '/etc'; t.addfile(i)", "link"),
        ("hardlink", "add_file(t, 'a'); i = tarfile.TarInfo('b'); i.type = tarfile.LNKTYPE; i.linkname = 'a'; t.addfile(i)", "b"),
        ("device", "i = tarfile.TarInfo('dev'); i.type = tarfile.CHRTYPE; i.devmajor = 1; i.devminor = 3; t.addfile(i)", "dev"),
        ("fifo", "i = tarfile.TarInfo('pipe'); i.type = tarfile.FIFOTYPE; t.addfile(i)", "pipe"),
        ("duplicate", "add_file(t, 'same.txt'); add_file(t, 'same.txt')", "same.txt"),
        ("duplicate-normalised", "add_file(t, 'd/x.txt'); add_file(t, './d//x.txt')", "./d//x.txt"),
    ]

    @Test(arguments: attacks.indices)
    func extractionRefusesHostileEntriesAndWritesNothing(index: Int) throws {
        let attack = Self.attacks[index]
        let directory = try TemporaryDirectory()
        let store = try BlobStore(root: directory.child("store"))
        let archive = directory.child("\(attack.name).tgz")
        let script = """
            import io, sys, tarfile
            def add_file(t, name):
                data = b'escaped\\n'
                i = tarfile.TarInfo(name); i.size = len(data); t.addfile(i, io.BytesIO(data))
            with tarfile.open(sys.argv[1], 'w:gz', format=tarfile.PAX_FORMAT) as t:
                \(attack.script)
            """
        let made = try ChildProcess("/usr/bin/env", ["python3", "-c", script, archive]).run()
        try #require(made.status == 0, "\(made.standardError)")
        let blob = try store.put(file: archive)
        let destination = directory.child("dest/inner")
        #expect {
            try store.extract(blob.digest, into: destination)
        } throws: { error in
            "\(error)".contains("'\(attack.expected)'")
        }
        #expect(!FileManager.default.fileExists(atPath: destination))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.child("dest")).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: directory.child("escape.txt")))
        #expect(!FileManager.default.fileExists(atPath: directory.child("dest/escape.txt")))
        #expect(!FileManager.default.fileExists(atPath: "/tmp/retrain-escape.txt"))
    }

    @Test func extractionRefusesANonEmptyDestination() throws {
        let directory = try TemporaryDirectory()
        let store = try BlobStore(root: directory.child("store"))
        let blob = try store.put(directory: try Self.makeFixedTree(in: directory))
        try directory.write("keep me", to: "dest/existing.txt")
        #expect(throws: ArtifactsError.self) { try store.extract(blob.digest, into: directory.child("dest")) }
        #expect(try String(contentsOfFile: directory.child("dest/existing.txt"), encoding: .utf8) == "keep me")
    }
}
