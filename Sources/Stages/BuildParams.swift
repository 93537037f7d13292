/// The params of `retrain-build`: none. The params file must be an empty object, so a key
/// meant for another stage is an error rather than silently ignored.
public struct BuildParams: Sendable, Decodable, Equatable {
    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init() {}

    public init(from decoder: any Decoder) throws {
        // Opening the object without reading a key makes every key in it an unknown key.
        _ = try decoder.container(keyedBy: AnyKey.self)
    }
}
