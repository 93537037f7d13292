import Foundation
import Learning

/// `MODEL_CARD.md`: a short page for people about what the bundle is, how it was made and
/// how it scored — written from the bundle's own metadata, so it cannot say something else.
enum ModelCard {
    static func text(metadata: BundleMetadata, schema: InputSchema) -> String {
        var lines = [String]()
        let task = metadata.classes.map { "classifier over \($0.count) classes (\($0.map(\.description).joined(separator: ", ")))" }
            ?? "regressor"
        lines.append("# Model card: \(metadata.algorithm) predicting `\(metadata.label)`")
        lines.append("")
        lines.append("A \(metadata.algorithm.replacingOccurrences(of: "_", with: " ")) \(task), built by retrain.")
        lines.append("")
        lines.append("## Data")
        let window = metadata.dataWindow
        lines.append("- Ordered by `\(window.timestampColumn)`.")
        lines.append("- All rows: \(span(window.data)).")
        lines.append("- Trained on \(span(window.train)); evaluated on the held-out \(span(window.holdout)).")
        lines.append("")
        lines.append("## Evaluation (holdout)")
        if metadata.metrics.isEmpty {
            lines.append("No metrics were recorded.")
        } else {
            lines.append("| metric | value |")
            lines.append("|---|---|")
            for name in metadata.metrics.keys.sorted() {
                guard let value = metadata.metrics[name] else { continue }
                lines.append("| \(name) | \(format(value)) |")
            }
        }
        lines.append("")
        if metadata.blessed {
            lines.append("Blessed: every check of the service level passed.")
        } else {
            lines.append("**Not blessed:**")
            for reason in metadata.reasons { lines.append("- \(reason)") }
        }
        lines.append("")
        lines.append("## Input")
        lines.append("Every field is required; `null` marks a missing value, filled as in training.")
        lines.append("")
        lines.append("| field | type |")
        lines.append("|---|---|")
        for field in schema.fields {
            let categories = field.categories.map { $0.isEmpty ? "" : " (seen: \($0.joined(separator: ", ")))" } ?? ""
            lines.append("| \(field.name) | \(field.type.rawValue)\(categories) |")
        }
        lines.append("")
        lines.append("## Limits")
        lines.append("The model knows only the period it was trained on. Data that drifts from it (another season,")
        lines.append("new categories, which it encodes as all zeros) makes its predictions worse; retrain on a newer window.")
        lines.append("")
        lines.append("## Made by")
        for name in metadata.stages.keys.sorted() {
            lines.append("- \(name) \(metadata.stages[name] ?? "")")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func span(_ span: BundleMetadata.Span) -> String {
        let rows = "\(span.rows) rows"
        guard let first = span.first, let last = span.last else { return rows }
        return "\(rows) from \(first) to \(last)"
    }

    private static func format(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(format: "%.4f", value)
    }
}
