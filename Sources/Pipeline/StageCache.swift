import Artifacts
import Foundation

/// The stage cache: `cache/<key>.json` maps a stage's cache key to its output digest (and the
/// metrics and blessing read from that output, so a hit needs no extraction).
struct StageCache {
    struct Entry: Codable {
        var key: String
        var stage: String
        var output: Digest
        var metrics: JSONValue?
        var blessing: JSONValue?
        var comparison: JSONValue?
        var run: String
    }

    let store: BlobStore

    var directory: String { store.root + "/cache" }

    /// The entry for `key`, if it exists and its output blob is still in the store.
    func lookup(_ key: String) -> Entry? {
        let path = directory + "/\(key).json"
        guard let bytes = try? FileSystem.readFile(path), let entry = try? JSONValue.decoder().decode(Entry.self, from: Data(bytes)),
              store.contains(entry.output) else { return nil }
        FileSystem.touch(path) // used recently: gc keeps cache entries by this time
        return entry
    }

    func save(_ entry: Entry) throws {
        try FileSystem.makeDirectories(directory)
        try FileSystem.writeAtomically(Array(JSONValue.canonicalData(entry)), to: directory + "/\(entry.key).json")
    }
}
