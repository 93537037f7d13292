/// The length of a collection window: a positive whole number and a unit, like `90d`.
///
/// Units: `s` seconds, `m` minutes, `h` hours, `d` days (24 h), `w` weeks (7 d). Days are
/// fixed 24-hour spans: windows are cut in UTC, where there are no daylight-saving days.
public struct WindowLength: Sendable, Hashable, Decodable, CustomStringConvertible {
    /// The length in microseconds.
    public let microseconds: Int64
    /// The text it was written as.
    public let description: String

    public init?(_ text: String) {
        guard let unit = text.last, let count = Int64(text.dropLast()), count > 0 else { return nil }
        let seconds: Int64
        switch unit {
        case "s": seconds = 1
        case "m": seconds = 60
        case "h": seconds = 3600
        case "d": seconds = 86_400
        case "w": seconds = 604_800
        default: return nil
        }
        let (micros, overflow) = count.multipliedReportingOverflow(by: seconds * 1_000_000)
        guard !overflow else { return nil }
        microseconds = micros
        description = text
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let length = WindowLength(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "\"\(text)\" is not a window length like 90d, 12h or 2w"
            )
        }
        self = length
    }
}
