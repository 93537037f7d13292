import Artifacts
import Foundation
import Testing
import TestSupport

@Suite struct GzipTests {
    static func compress(_ input: [UInt8], level: Int32 = 6, chunkSize: Int = ChunkedGzipWriter.defaultChunkSize) throws -> [UInt8] {
        let sink = MemorySink()
        let writer = try ChunkedGzipWriter(level: level, sink: sink, chunkSize: chunkSize)
        try writer.write(input)
        try writer.finish()
        return sink.bytes
    }

    static func decompress(_ input: [UInt8]) throws -> [UInt8] {
        let sink = MemorySink()
        try GzipReader(source: MemorySource(input)).copy(to: sink, chunkSize: 7919)
        return sink.bytes
    }

    /// Text that deflate shrinks, followed by random bytes that it cannot.
    static func mixedBytes(_ count: Int, seed: UInt64 = 42) -> [UInt8] {
        var generator = SplitMix64(seed: seed)
        let text = Array("the quick brown fox jumps over the lazy dog 0123456789\n".utf8)
        return (0..<count).map { i in i % 3 == 0 ? UInt8(truncatingIfNeeded: generator.next()) : text[i % text.count] }
    }

    @Test(arguments: [0, 1, 511, 4096, 4097, 65_536 * 3 + 17])
    func roundTripsThroughChunks(size: Int) throws {
        let input = Self.mixedBytes(size)
        let compressed = try Self.compress(input, chunkSize: 4096)
        #expect(try Self.decompress(compressed) == input)
    }

    @Test func outputDependsOnlyOnContentLevelAndChunkSize() throws {
        let input = Self.mixedBytes(3 << 20)
        #expect(try Self.compress(input) == Self.compress(input))
        #expect(try Self.compress(input, level: 1) != Self.compress(input, level: 9))
    }

    @Test func incompressibleChunksAreStoredNotDeflated() throws {
        var generator = SplitMix64(seed: 7)
        let random = (0..<(1 << 20)).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        let compressed = try Self.compress(random, level: 9)
        // Stored blocks add 5 bytes per 64 KiB block plus the member framing; the decisive
        // check is the probe's verdict below.
        #expect(compressed.count < random.count + 200)
        #expect(!random.withUnsafeBytes { GzipMember.isCompressible($0) })
        let text = Array(String(repeating: "retrain stores bundles deterministically. ", count: 2000).utf8)
        #expect(text.withUnsafeBytes { GzipMember.isCompressible($0) })
        #expect(try Self.compress(text).count < text.count / 10)
    }

    @Test func gnuGzipReadsWhatWeWrite() throws {
        let directory = try TemporaryDirectory()
        let input = Self.mixedBytes(2_500_000)
        let compressed = try Self.compress(input)
        let path = try directory.write(Data(compressed), to: "ours.gz")
        let tested = try ChildProcess("/bin/gzip", ["-t", path]).run()
        #expect(tested.status == 0, "\(tested.standardError)")
        let result = try ChildProcess("/bin/gzip", ["-dc", path]).run()
        #expect(result.status == 0)
        #expect(Array(result.standardOutput) == input)
    }

    @Test func pythonsGzipReadsWhatWeWrite() throws {
        let directory = try TemporaryDirectory()
        let input = Self.mixedBytes(2_100_000, seed: 9)
        let path = try directory.write(Data(try Self.compress(input)), to: "ours.gz")
        let script = "import gzip,hashlib,sys; print(hashlib.sha256(gzip.open(sys.argv[1]).read()).hexdigest())"
        let result = try ChildProcess("/usr/bin/env", ["python3", "-c", script, path]).run()
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.output.trimmingCharacters(in: .whitespacesAndNewlines) == Digest(of: input).hex)
    }

    @Test func readsMultiMemberGzipWithNamesFromGnuGzip() throws {
        let directory = try TemporaryDirectory()
        let first = try directory.write("first member\n", to: "a.txt")
        let second = try directory.write(String(repeating: "second member ", count: 1000), to: "b.txt")
        // `gzip -c FILE` records the file name (FNAME) in the header; two outputs concatenated
        // make a two-member file.
        let a = try ChildProcess("/bin/gzip", ["-c", first]).run().standardOutput
        let b = try ChildProcess("/bin/gzip", ["-9", "-c", second]).run().standardOutput
        let expected = Array(try Data(contentsOf: URL(fileURLWithPath: first)) + Data(contentsOf: URL(fileURLWithPath: second)))
        #expect(try Self.decompress(Array(a + b)) == expected)
    }

    @Test func corruptInputIsAnError() throws {
        var compressed = try Self.compress(Self.mixedBytes(100_000))
        compressed[compressed.count / 2] ^= 0x55
        #expect(throws: ArtifactsError.self) { try Self.decompress(compressed) }
    }

    @Test func truncatedInputIsAnErrorNotAShortRead() throws {
        let compressed = try Self.compress(Self.mixedBytes(100_000))
        for cut in [1, 4, 8, compressed.count / 2] {
            #expect(throws: ArtifactsError.truncatedGzip) { try Self.decompress(Array(compressed.dropLast(cut))) }
        }
    }

    @Test func emptyGarbageAndTrailingBytesAreErrors() throws {
        #expect(throws: ArtifactsError.self) { try Self.decompress([]) }
        #expect(throws: ArtifactsError.self) { try Self.decompress(Array("not gzip at all".utf8)) }
        let compressed = try Self.compress(Array("hello".utf8))
        #expect(throws: ArtifactsError.self) { try Self.decompress(compressed + Array("junk".utf8)) }
    }
}
