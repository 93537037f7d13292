import Foundation
import TestSupport

/// A small made-up daily dataset (date, temp, wind, city, label) for the tests of bad
/// input, the skew check and the gate, written as CSV and collected by the real collect.
enum SmallDataset {
    /// `rows` days from 2021-01-01; `temp` has gaps, `city` has a missing value and three
    /// cities; `label` depends on temp and wind with some noise, so both classes occur.
    static func csv(rows: Int = 80, seed: UInt64 = 1, constantLabel: Bool = false, missingCity: Bool = true) -> String {
        var random = SplitMix64(seed: seed)
        var text = "date,temp,wind,city,label\n"
        let start = Date(timeIntervalSince1970: 1_609_459_200)
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        let cities = ["Oslo", "Lima", "Pune"]
        for row in 0..<rows {
            let temp = Double(random.next() % 300) / 10 - 5
            let wind = Double(random.next() % 120) / 10
            let noise = Double(random.next() % 100) / 100
            let label = constantLabel ? 1 : (temp / 25 + wind / 12 + noise > 1.1 ? 1 : 0)
            let tempText = row % 9 == 4 ? "" : String(temp)
            let city = row == 7 && missingCity ? "" : cities[Int(random.next() % 3)]
            text += "\(formatter.string(from: start.addingTimeInterval(Double(row) * 86_400))),\(tempText),\(wind),\(city),\(label)\n"
        }
        return text
    }

    /// Writes the CSV and collects it into `collect/`.
    static func collect(
        into workspace: StageWorkspace, rows: Int = 80, seed: UInt64 = 1, constantLabel: Bool = false, missingCity: Bool = true
    ) throws {
        try workspace.scratch.write(
            csv(rows: rows, seed: seed, constantLabel: constantLabel, missingCity: missingCity), to: "data.csv")
        try workspace.succeed("collect", output: "collect", params: """
            {"source": {"kind": "csv", "path": "data.csv"}, "timestamp_column": "date"}
            """)
    }

    static let preprocessParams = #"{"label": "label", "holdout": {"fraction": 0.25, "by": "time"}}"#
    static let trainParams = #"{"algorithm": "logistic_regression", "C": 1.0}"#

    /// collect → preprocess → train → evaluate → build with default params.
    static func pipeline(into workspace: StageWorkspace, evaluate: String = "{}", seed: UInt64 = 1) throws {
        try collect(into: workspace, seed: seed)
        try workspace.succeed("preprocess", inputs: ["data": "collect"], output: "preprocess", params: preprocessParams)
        try workspace.trainEvaluateBuild("a", train: trainParams, evaluate: evaluate)
    }
}
