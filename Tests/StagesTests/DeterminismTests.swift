import Foundation
import Learning
import TestSupport
import Testing

/// Identical inputs and params give byte-identical outputs, stage by stage, also for a
/// random holdout with a seed.
@Suite struct DeterminismTests {
    static func run(into workspace: StageWorkspace, holdout: String) throws {
        try SmallDataset.collect(into: workspace, rows: 300)
        try workspace.succeed("preprocess", inputs: ["data": "collect"], output: "preprocess", params: """
            {"label": "label", "holdout": \(holdout)}
            """)
        try workspace.trainEvaluateBuild("a", train: SmallDataset.trainParams, evaluate: #"{"thresholds": {"roc_auc": {"min": 0.5}}}"#)
    }

    @Test(arguments: [#"{"fraction": 0.2, "by": "time"}"#, #"{"fraction": 0.3, "by": "random", "seed": 42}"#])
    func twoRunsWriteTheSameBytes(holdout: String) throws {
        let first = try StageWorkspace()
        let second = try StageWorkspace()
        try Self.run(into: first, holdout: holdout)
        try Self.run(into: second, holdout: holdout)
        for stage in ["collect", "preprocess", "train-a", "evaluate-a", "build-a"] {
            let a = try first.tree(stage)
            let b = try second.tree(stage)
            #expect(!a.isEmpty)
            #expect(a.keys.sorted() == b.keys.sorted(), "\(stage): the same files")
            for (file, bytes) in a {
                #expect(bytes == b[file], "\(stage)/\(file) differs between two identical runs")
            }
        }
        // Nothing in the outputs mentions where they were made.
        for (file, bytes) in try first.tree("build-a") {
            #expect(!String(decoding: bytes, as: UTF8.self).contains(first.scratch.path), "\(file) holds an absolute path")
        }
    }

    @Test func aRandomHoldoutDependsOnTheSeed() throws {
        let a = try StageWorkspace()
        let b = try StageWorkspace()
        for (workspace, seed) in [(a, 1), (b, 2)] {
            try SmallDataset.collect(into: workspace, rows: 100)
            try workspace.succeed("preprocess", inputs: ["data": "collect"], output: "preprocess", params: """
                {"label": "label", "holdout": {"fraction": 0.3, "by": "random", "seed": \(seed)}}
                """)
        }
        let first = try Table(contentsOfDirectory: a.url("preprocess/holdout/raw"))
        let second = try Table(contentsOfDirectory: b.url("preprocess/holdout/raw"))
        #expect(first.rowCount == 30 && second.rowCount == 30)
        #expect(try first.timestamps("date") != second.timestamps("date"))
        // Holdout rows keep the input order.
        let dates = try first.timestamps("date")
        #expect(dates == dates.sorted())
    }
}
