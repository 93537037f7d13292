import Learning

/// One value of a query result, whichever database it came from.
enum SQLValue: Sendable {
    case null
    case integer(Int64)
    case real(Double)
    case boolean(Bool)
    case text(String)
    /// Microseconds since the epoch (a database date or timestamp type).
    case timestamp(Int64)
    /// A type collect cannot read, by its database name.
    case unsupported(String)

    /// The value as `rejected.csv` shows it.
    var rendered: String {
        switch self {
        case .null: ""
        case .integer(let value): String(value)
        case .real(let value): SQLValue.text(of: value)
        case .boolean(let value): value ? "true" : "false"
        case .text(let value): value
        case .timestamp(let value): TimestampParser.format(value)
        case .unsupported(let type): "<\(type)>"
        }
    }

    /// A number as text: integers without a fraction, others in shortest round-trip form.
    static func text(of number: Double) -> String {
        if number == number.rounded(), abs(number) < 1e15 {
            return String(Int64(number))
        }
        return "\(number)"
    }
}
