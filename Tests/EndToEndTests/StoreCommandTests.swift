import Foundation
import Testing
import TestSupport

/// `retrain store …` as a user runs it: a real child process, real files.
@Suite struct StoreCommandTests {
    let retrain = BuiltProducts.executable("retrain")

    func run(_ arguments: [String]) throws -> ChildProcess.Result {
        try ChildProcess(retrain, arguments).run()
    }

    @Test func putTwiceOnEqualTreesPrintsTheSameDigestThatGzipTarAndSha256sumAgreeWith() throws {
        let directory = try TemporaryDirectory()
        let store = directory.child("store")
        for name in ["one", "two"] {
            try directory.write("a,b\n1,2\n", to: "\(name)/data.csv")
            try directory.write("{}", to: "\(name)/meta/params.json")
        }
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 12345)], ofItemAtPath: directory.child("two/data.csv"))
        let first = try run(["store", "put", "--store", store, directory.child("one")])
        let second = try run(["store", "put", "--store", store, directory.child("two")])
        #expect(first.status == 0, "\(first.standardError)")
        let digest = try #require(first.output.split(separator: "\n").last.map(String.init))
        #expect(second.output.split(separator: "\n").last.map(String.init) == digest)
        let blob = store + "/blobs/sha256/" + digest.dropFirst("sha256:".count)
        #expect(try ChildProcess("/bin/gzip", ["-t", blob]).run().status == 0)
        #expect(try ChildProcess("/usr/bin/sha256sum", [blob]).run().output.hasPrefix(String(digest.dropFirst(7))))
        let listing = try ChildProcess("/bin/tar", ["-tzf", blob]).run().output
        #expect(listing.split(separator: "\n") == ["data.csv", "meta/", "meta/params.json"])
    }

    @Test func verifyGetAndCatFailNamingTheDigestAfterOneByteChanges() throws {
        let directory = try TemporaryDirectory()
        let store = directory.child("store")
        try directory.write(String(repeating: "some content\n", count: 100), to: "tree/file.txt")
        let digest = try #require(try run(["store", "put", "--store", store, directory.child("tree")]).output.split(separator: "\n").last.map(String.init))
        #expect(try run(["store", "verify", "--store", store]).status == 0)
        let blob = store + "/blobs/sha256/" + digest.dropFirst("sha256:".count)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: blob))
        bytes[30] ^= 0x20
        try bytes.write(to: URL(fileURLWithPath: blob))
        let verify = try run(["store", "verify", "--store", store])
        #expect(verify.status == 1)
        #expect(verify.standardError.split(separator: "\n").count == 1)
        #expect(verify.standardError.contains(digest))
        for arguments in [["store", "cat", digest], ["store", "get", digest, directory.child("out")], ["store", "get", "--extract", digest, directory.child("out")]] {
            let result = try run(arguments + ["--store", store])
            #expect(result.status != 0)
            #expect(result.standardError.contains(digest))
            #expect(result.standardError.split(separator: "\n").count == 1)
        }
        #expect(!FileManager.default.fileExists(atPath: directory.child("out")))
    }

    @Test func badArgumentsGetOneLineAndANonZeroExit() throws {
        let directory = try TemporaryDirectory()
        let store = directory.child("store")
        for arguments in [["store", "get", "sha256:nothex", directory.child("x")],
                          ["store", "cat", "sha256:" + String(repeating: "0", count: 64)],
                          ["store", "put", directory.child("does-not-exist")],
                          ["store", "put", "--level", "12", directory.path]] {
            let result = try run(arguments + ["--store", store])
            #expect(result.status != 0, "\(arguments)")
            #expect(!result.standardError.isEmpty)
        }
    }

    @Test func storeComesFromTheEnvironmentWhenNotGiven() throws {
        let directory = try TemporaryDirectory()
        try directory.write("x", to: "tree/x")
        var environment = ProcessInfo.processInfo.environment
        environment["RETRAIN_STORE"] = directory.child("from-env")
        let result = try ChildProcess(retrain, ["store", "put", directory.child("tree")], environment: environment).run()
        #expect(result.status == 0)
        #expect(FileManager.default.fileExists(atPath: directory.child("from-env/oci-layout")))
    }

    @Test func twoConcurrentPutsOfTheSameTreeBothSucceedWithOneBlob() throws {
        let directory = try TemporaryDirectory()
        let store = directory.child("store")
        try directory.write(try RandomBytes.read(20 << 20), to: "tree/weights.bin")
        for i in 0..<200 { try directory.write("line \(i)\n", to: "tree/parts/\(i).txt") }
        let results = try [0, 1].map { _ in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: retrain)
            process.arguments = ["store", "put", "--store", store, directory.child("tree")]
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            return (process, pipe)
        }.map { process, pipe in
            let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            return (process.terminationStatus, output)
        }
        #expect(results.allSatisfy { $0.0 == 0 })
        #expect(results[0].1 == results[1].1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: store + "/blobs/sha256").count == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: store + "/tmp").isEmpty)
        #expect(try run(["store", "verify", "--store", store]).status == 0)
    }

    @Test func aPutKilledMidwayLeavesNoBlobUnderARealName() throws {
        let directory = try TemporaryDirectory()
        let store = directory.child("store")
        for i in 0..<4 { try directory.write(try RandomBytes.read(64 << 20), to: "tree/shard-\(i).bin") }
        _ = try run(["store", "ls", "--store", store])
        let process = try ChildProcess(retrain, ["store", "put", "--store", store, directory.child("tree")]).start()
        // Wait until the writer has started its temporary file and written into it, then kill it.
        let deadline = Date().addingTimeInterval(60)
        var sawPartialWrite = false
        while Date() < deadline && process.isRunning {
            let temporaries = (try? FileManager.default.contentsOfDirectory(atPath: store + "/tmp")) ?? []
            let sizes = temporaries.compactMap { try? FileManager.default.attributesOfItem(atPath: store + "/tmp/" + $0)[.size] as? Int }
            if sizes.contains(where: { $0 > 1 << 20 }) { sawPartialWrite = true; break }
            usleep(2000)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try #require(sawPartialWrite, "the put finished before it could be killed")
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(try FileManager.default.contentsOfDirectory(atPath: store + "/blobs/sha256").isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: store + "/tmp").count == 1)
        let verify = try run(["store", "verify", "--store", store])
        #expect(verify.status == 0, "\(verify.standardError)")
        // Opening the store again removed the dead writer's temporary file.
        #expect(try FileManager.default.contentsOfDirectory(atPath: store + "/tmp").isEmpty)
    }
}
