import Foundation
import Logging

/// Log lines on standard error: `2026-01-05T05:00:00Z info  [pipeline=weather] message` as
/// text, or one JSON object per line (`time`, `level`, `label`, `message`, then metadata keys).
struct StandardErrorLogHandler: LogHandler {
    let label: String
    let isJSON: Bool
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
        let time = Date().formatted(.iso8601)
        let line: String
        if isJSON {
            var object: [String: String] = ["time": time, "level": event.level.rawValue, "label": label, "message": "\(event.message)"]
            for (key, value) in merged where object[key] == nil { object[key] = "\(value)" }
            let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
            line = String(decoding: data, as: UTF8.self)
        } else {
            let fields = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            let level = event.level.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0)
            line = "\(time) \(level) \(fields.isEmpty ? "" : "[\(fields)] ")\(event.message)"
        }
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
