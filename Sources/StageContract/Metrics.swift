public import Foundation

/// A stage's `metrics.json`: a flat object of numbers and strings, written deterministically.
///
/// Keys are sorted by their UTF-8 bytes, numbers use Swift's shortest round-trip form
/// (integers without a fraction), and the file ends with a newline — so equal figures give
/// byte-equal files and equal bundle digests.
public struct Metrics: Sendable, Equatable {
    /// One metric value.
    public enum Value: Sendable, Equatable {
        case integer(Int)
        case number(Double)
        case string(String)
    }

    /// The metrics, by name.
    public private(set) var values: [String: Value] = [:]

    public init() {}

    public init(_ values: [String: Value]) {
        self.values = values
    }

    public subscript(key: String) -> Value? {
        get { values[key] }
        set { values[key] = newValue }
    }

    /// The JSON text, with sorted keys, one key per line.
    ///
    /// Non-finite numbers have no JSON form; they are written as `null` would be a lie about
    /// the type, so they are rejected here rather than silently changed.
    public func serialized() throws -> Data {
        var text = "{"
        let keys = values.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        for (position, key) in keys.enumerated() {
            guard let value = values[key] else { continue }
            text += position == 0 ? "\n" : ",\n"
            text += "  " + Self.quoted(key) + ": "
            switch value {
            case .integer(let integer):
                text += String(integer)
            case .number(let number):
                guard number.isFinite else {
                    throw StageFailure.failure("metric \(key) is \(number), which JSON cannot hold")
                }
                if number == number.rounded(), abs(number) < 1e15 {
                    text += String(Int64(number))
                } else {
                    text += "\(number)"
                }
            case .string(let string):
                text += Self.quoted(string)
            }
        }
        text += keys.isEmpty ? "}\n" : "\n}\n"
        return Data(text.utf8)
    }

    /// Writes `metrics.json` into `directory` (an ``OutputFile``: no fsync).
    public func write(toDirectory directory: URL) throws {
        let handle = try OutputFile.create(directory.appendingPathComponent("metrics.json").path)
        try handle.write(contentsOf: serialized())
        try handle.close()
    }

    static func quoted(_ string: String) -> String {
        var result = "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}
