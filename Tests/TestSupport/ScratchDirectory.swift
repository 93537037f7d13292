public import Foundation

/// A fresh directory under the system's temporary directory, removed when released.
///
/// Tests write real files (CSV sources, params, stage outputs) and must not see each other's.
public final class ScratchDirectory: @unchecked Sendable {
    // @unchecked Sendable: `url` is immutable; the directory itself is only touched through
    // FileManager, which is thread-safe.

    /// The directory.
    public let url: URL

    public init(prefix: String = "retrain-test") throws {
        let name = "\(prefix)-\(UUID().uuidString)"
        url = FileManager.default.temporaryDirectory.appendingPathComponent(name, isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    /// The directory's path.
    public var path: String { url.path }

    /// The URL of `relativePath` inside the directory.
    public func url(_ relativePath: String) -> URL {
        url.appendingPathComponent(relativePath)
    }

    /// The path of `relativePath` inside the directory.
    public func path(_ relativePath: String) -> String {
        url(relativePath).path
    }

    /// Writes `text` (UTF-8) to `relativePath`, creating directories on the way.
    @discardableResult
    public func write(_ text: String, to relativePath: String) throws -> URL {
        try write(Data(text.utf8), to: relativePath)
    }

    /// Writes `data` to `relativePath`, creating directories on the way.
    @discardableResult
    public func write(_ data: Data, to relativePath: String) throws -> URL {
        let target = url(relativePath)
        try FileManager.default.createDirectory(
            at: target.deletingLastPathComponent(), withIntermediateDirectories: true
        )
        try data.write(to: target)
        return target
    }

    /// The text of `relativePath`.
    public func read(_ relativePath: String) throws -> String {
        String(decoding: try Data(contentsOf: url(relativePath)), as: UTF8.self)
    }

    /// Every regular file below `relativePath`, as sorted relative paths.
    public func files(under relativePath: String = "") throws -> [String] {
        let root = relativePath.isEmpty ? url : url(relativePath)
        guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) else {
            return []
        }
        var result: [String] = []
        let rootPath = root.resolvingSymlinksInPath().path
        for case let file as URL in enumerator {
            let values = try file.resourceValues(forKeys: [.isRegularFileKey])
            if values.isRegularFile == true {
                let full = file.resolvingSymlinksInPath().path
                result.append(String(full.dropFirst(rootPath.count + 1)))
            }
        }
        return result.sorted()
    }
}
