public import Foundation

/// The one JSON style of the files in a serving bundle and a stage's outputs: sorted keys,
/// pretty-printed, slashes unescaped, a final newline — equal values give equal bytes.
public enum StableJSON {
    public static func encode(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        var data = try encoder.encode(value)
        data.append(0x0A)
        return data
    }
}
