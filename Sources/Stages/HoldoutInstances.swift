import Learning
import StageContract

/// Raw table rows turned into request instances, exactly as a client would send them: one
/// ``FeatureRecord`` per row holding the fields of an input schema in its order, `null` for a
/// missing cell.
///
/// The skew check and the champion's scoring go through the very entry point the prediction
/// server uses (``InferenceModule/predict(_:)`` with records, as the server parses them), so this conversion is the only thing they
/// do that a server does not.
enum HoldoutInstances {
    static func make(_ table: Table, schema: InputSchema) throws -> [FeatureRecord] {
        var columns = [(name: String, values: [FeatureValue])]()
        for field in schema.fields {
            guard let column = table.column(named: field.name) else {
                throw StageFailure.badInput("the holdout rows have no column '\(field.name)', which the model reads")
            }
            switch (field.type, column.values) {
            case (.number, .number(let numbers)):
                columns.append((field.name, numbers.map { $0.isNaN ? .null : .number($0) }))
            case (.string, .string(let strings)):
                columns.append((field.name, (0..<strings.count).map { strings[$0].map(FeatureValue.string) ?? .null }))
            default:
                throw StageFailure.badInput(
                    "column '\(field.name)' of the holdout rows is a \(column.type.rawValue) column; the model reads a \(field.type.rawValue)")
            }
        }
        return (0..<table.rowCount).map { row in
            var instance = FeatureRecord()
            instance.reserveCapacity(columns.count)
            for column in columns { _ = instance.insert(column.values[row], named: column.name) }
            return instance
        }
    }
}
