/// Why a cron expression was rejected, naming the field and the value at fault.
///
/// Messages are one line and read like `day-of-month '32' is out of range 1-31`.
public struct CronExpressionError: Error, Sendable, Equatable, CustomStringConvertible {
    private enum Kind: Sendable, Equatable {
        case empty
        case fieldCount(expression: String, found: Int)
        case unknownMacro(String)
        case outOfRange(CronField, value: String)
        case notAValue(CronField, value: String)
        case reversedRange(CronField, element: String)
        case badStep(CronField, element: String, step: String)
        case emptyElement(CronField, text: String)
        case malformed(CronField, element: String)
    }

    private let kind: Kind

    private init(_ kind: Kind) { self.kind = kind }

    /// The field at fault, when the error is about one field.
    public var field: CronField? {
        switch kind {
        case .empty, .fieldCount, .unknownMacro: nil
        case .outOfRange(let field, _), .notAValue(let field, _), .reversedRange(let field, _),
            .badStep(let field, _, _), .emptyElement(let field, _), .malformed(let field, _):
            field
        }
    }

    public var description: String {
        switch kind {
        case .empty:
            "cron expression is empty"
        case .fieldCount(let expression, let found):
            "cron expression '\(expression)' has \(found) field\(found == 1 ? "" : "s"); expected 5 "
                + "(minute hour day-of-month month day-of-week) or a macro such as @daily"
        case .unknownMacro(let macro):
            "unknown cron macro '\(macro)'; expected one of "
                + CronExpression.macros.map(\.name).joined(separator: " ")
        case .outOfRange(let field, let value):
            "\(field) '\(value)' is out of range \(field.bounds.lowerBound)-\(field.bounds.upperBound)"
        case .notAValue(let field, let value):
            "\(field) '\(value)' is not \(field.valueKind)"
        case .reversedRange(let field, let element):
            "\(field) '\(element)' is a reversed range; its start must not be after its end"
        case .badStep(let field, let element, let step):
            "\(field) '\(element)' has step '\(step)'; a step must be a whole number of at least 1"
        case .emptyElement(let field, let text):
            "\(field) '\(text)' has an empty list element"
        case .malformed(let field, let element):
            "\(field) '\(element)' is not a value, range (a-b) or step (*/n, a-b/n, a/n)"
        }
    }

    static let empty = CronExpressionError(.empty)

    static func fieldCount(expression: String, found: Int) -> Self {
        .init(.fieldCount(expression: expression, found: found))
    }

    static func unknownMacro(_ macro: String) -> Self { .init(.unknownMacro(macro)) }

    static func outOfRange(_ field: CronField, value: String) -> Self {
        .init(.outOfRange(field, value: value))
    }

    static func notAValue(_ field: CronField, value: String) -> Self {
        .init(.notAValue(field, value: value))
    }

    static func reversedRange(_ field: CronField, element: String) -> Self {
        .init(.reversedRange(field, element: element))
    }

    static func badStep(_ field: CronField, element: String, step: String) -> Self {
        .init(.badStep(field, element: element, step: step))
    }

    static func emptyElement(_ field: CronField, text: String) -> Self {
        .init(.emptyElement(field, text: text))
    }

    static func malformed(_ field: CronField, element: String) -> Self {
        .init(.malformed(field, element: element))
    }
}
