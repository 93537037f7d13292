public import Foundation

/// A fresh directory under the system's temporary directory, removed when the value is
/// deinitialised, so every test works on its own files.
public final class TemporaryDirectory: Sendable {
    public let path: String

    public init(prefix: String = "retrain-test") throws {
        let template = NSTemporaryDirectory() + "/\(prefix)-XXXXXX"
        var bytes = Array(template.utf8CString)
        guard let made = mkdtemp(&bytes) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: template])
        }
        path = String(cString: made)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// `path + "/" + name`.
    public func child(_ name: String) -> String { path + "/" + name }

    /// Writes `contents` to `relativePath`, creating parent directories.
    @discardableResult
    public func write(_ contents: String, to relativePath: String, mode: Int? = nil) throws -> String {
        try write(Data(contents.utf8), to: relativePath, mode: mode)
    }

    @discardableResult
    public func write(_ data: Data, to relativePath: String, mode: Int? = nil) throws -> String {
        let full = child(relativePath)
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try data.write(to: URL(fileURLWithPath: full))
        if let mode { try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: full) }
        return full
    }
}
