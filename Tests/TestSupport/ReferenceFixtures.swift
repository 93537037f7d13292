public import Artifacts
public import Foundation

/// The scikit-learn reference fixtures of `scripts/reference/make-fixtures`
/// (`Tests/LearningTests/Fixtures`), for any test target: the committed datasets and what
/// scikit-learn fitted and measured on them.
///
/// Each dataset's first `train_rows` rows trained and the rest were held out; its numbers
/// (transform statistics, coefficients, metrics) are what a correct implementation must
/// reproduce within the tolerances.
public enum ReferenceFixtures {
    /// `Tests/LearningTests/Fixtures`.
    public static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("LearningTests/Fixtures")

    /// The dataset description and reference values of `name` (`binary`, `multiclass`, `regression`).
    public static func dataset(_ name: String) throws -> ReferenceDataset {
        try JSONDecoder().decode(ReferenceDataset.self, from: Data(contentsOf: directory.appendingPathComponent("\(name).json")))
    }

    /// The text of a committed fixture file.
    public static func text(_ name: String) throws -> String {
        String(decoding: try Data(contentsOf: directory.appendingPathComponent(name)), as: UTF8.self)
    }
}

/// One reference dataset: its CSV, columns, split, transform and fitted models.
public struct ReferenceDataset: Decodable, Sendable {
    public let csv: String
    public let numeric: [String]
    public let categorical: [String]
    public let label: String
    public let trainRows: Int
    public let transform: Transform
    public let models: [Model]

    /// Fitted transform statistics (`statistics_`, `mean_`, `var_`, `scale_`, `categories_`).
    public struct Transform: Decodable, Sendable {
        public let statistics: [Double?]
        public let mean: [Double]
        public let variance: [Double]
        public let scale: [Double]
        public let categories: [[String?]]
        public let featureNames: [String]

        enum CodingKeys: String, CodingKey {
            case statistics, mean, scale, categories
            case variance = "var"
            case featureNames = "feature_names"
        }
    }

    /// One fit: its params and scikit-learn's results.
    public struct Model: Decodable, Sendable {
        public let params: [String: JSONValue]
        /// `classes_` (numbers or strings); nil for ridge.
        public let classes: [JSONValue]?
        /// `coef_` as rows (one row for binary and ridge).
        public let coefficients: [[Double]]
        public let intercepts: [Double]
        public let iterations: Int?
        public let converged: Bool?
        public let trainLoss: Double?
        public let holdoutPredictions: [JSONValue]
        public let holdoutProbabilities: [[Double]]?
        public let metrics: [String: Double]

        enum CodingKeys: String, CodingKey {
            case params, classes, converged, metrics
            case coefficients = "coef"
            case intercepts = "intercept"
            case iterations = "n_iter"
            case trainLoss = "train_loss"
            case holdoutPredictions = "holdout_predictions"
            case holdoutProbabilities = "holdout_probabilities"
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            params = try container.decode([String: JSONValue].self, forKey: .params)
            classes = try container.decodeIfPresent([JSONValue].self, forKey: .classes)
            if let rows = try? container.decode([[Double]].self, forKey: .coefficients) {
                coefficients = rows
            } else {
                coefficients = [try container.decode([Double].self, forKey: .coefficients)]
            }
            if let many = try? container.decode([Double].self, forKey: .intercepts) {
                intercepts = many
            } else {
                intercepts = [try container.decode(Double.self, forKey: .intercepts)]
            }
            iterations = try container.decodeIfPresent(Int.self, forKey: .iterations)
            converged = try container.decodeIfPresent(Bool.self, forKey: .converged)
            trainLoss = try container.decodeIfPresent(Double.self, forKey: .trainLoss)
            holdoutPredictions = try container.decode([JSONValue].self, forKey: .holdoutPredictions)
            holdoutProbabilities = try container.decodeIfPresent([[Double]].self, forKey: .holdoutProbabilities)
            metrics = try container.decode([String: Double].self, forKey: .metrics)
        }
    }

    enum CodingKeys: String, CodingKey {
        case csv, numeric, categorical, label, transform, models
        case trainRows = "train_rows"
    }

    /// The dataset's CSV with a `date` column put first: one day per row from 2020-01-01, so
    /// that a holdout "by time" of ⌊fraction × rows⌋ rows is exactly the fixture's holdout.
    public func csvWithDates() throws -> String {
        let text = try ReferenceFixtures.text(csv)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        guard !lines.isEmpty else { return text }
        lines[0] = "date," + lines[0]
        let start = Date(timeIntervalSince1970: 1_577_836_800)  // 2020-01-01T00:00:00Z
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        for index in 1..<lines.count {
            lines[index] = formatter.string(from: start.addingTimeInterval(Double(index - 1) * 86_400)) + "," + lines[index]
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The number of rows of the CSV.
    public func rowCount() throws -> Int {
        try ReferenceFixtures.text(csv).split(separator: "\n", omittingEmptySubsequences: true).count - 1
    }
}
