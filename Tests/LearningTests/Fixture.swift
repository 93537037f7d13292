import Foundation
import Learning
import Testing

/// The scikit-learn reference fixtures written by `scripts/reference/make-fixtures`.
enum Fixture {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    static func data(_ name: String) throws -> Data {
        try Data(contentsOf: directory.appendingPathComponent(name))
    }

    static func dataset(_ name: String) throws -> DatasetFixture {
        try JSONDecoder().decode(DatasetFixture.self, from: data("\(name).json"))
    }

    /// Parses a fixture CSV: a header, then plain comma-separated fields (the fixtures have no
    /// quoting); an empty field is missing. Test-only: the real reader lives with the tables.
    static func table(_ name: String) throws -> FixtureTable {
        let text = String(decoding: try data(name), as: UTF8.self)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        let header = lines.removeFirst().split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        var cells = [[String]](repeating: [], count: header.count)
        for line in lines {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            try #require(fields.count == header.count, "fixture row has \(fields.count) fields: \(line)")
            for (index, field) in fields.enumerated() { cells[index].append(field) }
        }
        return FixtureTable(header: header, cells: cells)
    }
}

struct FixtureTable {
    let header: [String]
    let cells: [[String]]

    var rowCount: Int { cells.first?.count ?? 0 }

    func strings(_ name: String) throws -> [String?] {
        let index = try #require(header.firstIndex(of: name), "no column \(name)")
        return cells[index].map { $0.isEmpty ? nil : $0 }
    }

    func numbers(_ name: String) throws -> [Double] {
        try strings(name).map { field in
            guard let field else { return .nan }
            return try #require(Double(field), "not a number: \(field)")
        }
    }

    /// Feature columns as the transform takes them, numeric ones first as listed.
    func featureColumns(numeric: [String], categorical: [String], rows: Range<Int>) throws -> [FeatureColumn] {
        try numeric.map { .numeric(name: $0, values: Array(try numbers($0)[rows])) }
            + categorical.map { .categorical(name: $0, values: Array(try strings($0)[rows])) }
    }

    /// Labels as numbers when every one parses as a number, else strings (as pandas reads them).
    func labels(_ name: String, rows: Range<Int>) throws -> [ClassLabel] {
        let raw = try strings(name)[rows].map { try #require($0, "missing label") }
        if raw.allSatisfy({ Double($0) != nil }) { return raw.compactMap(Double.init).map(ClassLabel.number) }
        return raw.map(ClassLabel.string)
    }
}

struct DatasetFixture: Decodable {
    let csv: String
    let numeric: [String]
    let categorical: [String]
    let label: String
    let trainRows: Int
    let transform: TransformFixture
    let trainFeatures: [[Double]]
    let holdoutFeatures: [[Double]]
    let models: [ModelFixture]

    struct TransformFixture: Decodable {
        let statistics: [Double?]
        let mean: [Double]
        let `var`: [Double]
        let scale: [Double]
        let categories: [[String?]]
        let featureNames: [String]
    }

    struct ModelFixture: Decodable {
        let params: Params
        let classes: [ClassLabel]?
        let coef: Coefficients
        let intercept: Intercept
        let nIter: Int?
        let converged: Bool?
        let trainLoss: Double?
        let holdoutDecision: Decision?
        let holdoutPredictions: [ClassLabel]
        let holdoutProbabilities: [[Double]]?
        let metrics: [String: Double]
    }

    struct Params: Decodable {
        let C: Double?
        let maxIter: Int?
        let tol: Double?
        let alpha: Double?
    }

    /// `coef_`: one row (binary), one per class, or a flat vector (Ridge).
    enum Coefficients: Decodable {
        case rows([[Double]])
        case vector([Double])

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let rows = try? container.decode([[Double]].self) { self = .rows(rows) } else {
                self = .vector(try container.decode([Double].self))
            }
        }

        var rows: [[Double]] {
            switch self {
            case .rows(let rows): rows
            case .vector(let vector): [vector]
            }
        }
    }

    enum Intercept: Decodable {
        case many([Double])
        case one(Double)

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let many = try? container.decode([Double].self) { self = .many(many) } else {
                self = .one(try container.decode(Double.self))
            }
        }

        var values: [Double] {
            switch self {
            case .many(let values): values
            case .one(let value): [value]
            }
        }
    }

    /// `decision_function`: a vector (binary) or one row per sample.
    enum Decision: Decodable {
        case vector([Double])
        case rows([[Double]])

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let vector = try? container.decode([Double].self) { self = .vector(vector) } else {
                self = .rows(try container.decode([[Double]].self))
            }
        }
    }

    enum CodingKeys: String, CodingKey {
        case csv, numeric, categorical, label, transform, models
        case trainRows = "train_rows"
        case trainFeatures = "train_features"
        case holdoutFeatures = "holdout_features"
    }
}

extension DatasetFixture.TransformFixture {
    enum CodingKeys: String, CodingKey {
        case statistics, mean, `var`, scale, categories
        case featureNames = "feature_names"
    }
}

extension DatasetFixture.ModelFixture {
    enum CodingKeys: String, CodingKey {
        case params, classes, coef, intercept, converged, metrics
        case nIter = "n_iter"
        case trainLoss = "train_loss"
        case holdoutDecision = "holdout_decision"
        case holdoutPredictions = "holdout_predictions"
        case holdoutProbabilities = "holdout_probabilities"
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        params = try container.decode(DatasetFixture.Params.self, forKey: .params)
        classes = try container.decodeIfPresent([ClassLabel].self, forKey: .classes)
        coef = try container.decode(DatasetFixture.Coefficients.self, forKey: .coef)
        intercept = try container.decode(DatasetFixture.Intercept.self, forKey: .intercept)
        nIter = try container.decodeIfPresent(Int.self, forKey: .nIter)
        converged = try container.decodeIfPresent(Bool.self, forKey: .converged)
        trainLoss = try container.decodeIfPresent(Double.self, forKey: .trainLoss)
        holdoutDecision = try container.decodeIfPresent(DatasetFixture.Decision.self, forKey: .holdoutDecision)
        // Ridge's predictions are numbers; decode them as labels is harmless (.number).
        holdoutPredictions = try container.decode([ClassLabel].self, forKey: .holdoutPredictions)
        holdoutProbabilities = try container.decodeIfPresent([[Double]].self, forKey: .holdoutProbabilities)
        metrics = try container.decode([String: Double].self, forKey: .metrics)
    }
}

extension DatasetFixture.Params {
    enum CodingKeys: String, CodingKey {
        case C, tol, alpha
        case maxIter = "max_iter"
    }
}

extension DatasetFixture {
    /// The dataset's train and holdout rows, read from the committed CSV.
    func splits() throws -> (table: FixtureTable, train: Range<Int>, holdout: Range<Int>) {
        let table = try Fixture.table(csv)
        return (table, 0..<trainRows, trainRows..<table.rowCount)
    }
}

/// `|actual − expected| ≤ relative·|expected| + absolute`.
func isClose(_ actual: Double, _ expected: Double, relative: Double, absolute: Double = 0) -> Bool {
    abs(actual - expected) <= relative * abs(expected) + absolute
}

/// Largest `|actual − expected| / max(|expected|, floor)` over two equally shaped arrays.
func maxRelativeError(_ actual: [Double], _ expected: [Double], floor: Double = 1e-12) -> Double {
    precondition(actual.count == expected.count)
    return zip(actual, expected).map { abs($0 - $1) / max(abs($1), floor) }.max() ?? 0
}
