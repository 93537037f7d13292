public import Artifacts
public import Foundation

/// The run records of a store: `runs/<run-id>.json`, one per run, replaced atomically.
public struct RunStore: Sendable {
    public let store: BlobStore

    public init(store: BlobStore) throws {
        self.store = store
        try FileSystem.makeDirectories(directory)
    }

    var directory: String { store.root + "/runs" }

    /// Writes the record with temp + fsync + rename: readers see the old or the new, never half.
    public func save(_ record: RunRecord) throws {
        try FileSystem.writeAtomically(Array(JSONValue.canonicalData(record, pretty: true)) + [0x0a], to: directory + "/\(record.id).json")
    }

    public func load(_ id: String) throws -> RunRecord {
        guard !id.contains("/"), !id.hasPrefix("."), FileSystem.exists(directory + "/\(id).json") else { throw PipelineError.unknownRun(id) }
        let bytes = try FileSystem.readFile(directory + "/\(id).json")
        do {
            return try JSONValue.decoder().decode(RunRecord.self, from: Data(bytes))
        } catch {
            throw PipelineError.other("runs/\(id).json is not a valid run record: \(error)")
        }
    }

    /// Every run id, oldest first (ids sort by time).
    public func ids() throws -> [String] {
        try FileSystem.entries(of: directory).filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.map { String($0.dropLast(5)) }.sorted()
    }

    /// A new run id: UTC time to the millisecond, then random hex, so ids sort by start time.
    public static func makeRunID(now: Date = Date()) -> String {
        let millis = Int64((now.timeIntervalSince1970 * 1000).rounded(.down))
        // 2026-11-30T05:00:00Z → 20261130T050000; then the milliseconds.
        let seconds = UTCTimestamp.seconds(Date(timeIntervalSince1970: Double(millis / 1000)))
        let stamp = seconds.filter { $0 != "-" && $0 != ":" }.dropLast() + "." + Self.padded(Int(millis % 1000), width: 3, radix: 10) + "Z"
        var random = SystemRandomNumberGenerator()
        return stamp + "-" + Self.padded(Int(random.next() % 0x10000), width: 4, radix: 16)
    }

    private static func padded(_ value: Int, width: Int, radix: Int) -> String {
        let digits = String(value, radix: radix)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
