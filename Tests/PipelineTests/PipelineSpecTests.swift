import Artifacts
@testable import Pipeline
import Testing

@Suite struct PipelineSpecTests {
    func parse(_ yaml: String) throws -> PipelineSpec {
        try PipelineSpec.parse(yaml: yaml, file: "pipeline.yaml", directory: "/srv/weather")
    }

    @Test func theIssuesExampleParses() throws {
        let spec = try parse("""
            name: weather                  # pipeline name: lock, run records
            model: weather-rain
            schedule: "0 5 1 * *"
            timezone: Asia/Seoul
            concurrency: forbid
            runner: process
            stages:
              collect:    {run: retrain-collect, cache: false, params: {window: 90d, as_of: "${as_of}"}, retry: {attempts: 3, backoff: 30s}, timeout: 20m}
              preprocess: {run: retrain-preprocess, inputs: {data: collect}, params: {label: rain_tomorrow}}
              train:      {run: retrain-train, inputs: {data: preprocess}, params: {algorithm: logistic_regression, C: 1.0}}
              evaluate:   {run: retrain-evaluate, inputs: {model: train, data: preprocess, champion: "@production"}, params: {thresholds: {roc_auc: {min: 0.8}}}}
              build:      {run: retrain-build, inputs: {model: train, data: preprocess, evaluation: evaluate}}
            register: {from: build, promote: production, when: blessed}
            notify: {on: [failed, rejected], webhook: {url_env: RETRAIN_WEBHOOK_URL}, command: [./notify.sh, --quiet]}
            """)
        #expect(spec.name == "weather")
        #expect(spec.timezone == "Asia/Seoul")
        #expect(spec.stageOrder == ["collect", "preprocess", "train", "evaluate", "build"])
        let collect = try #require(spec.stage(named: "collect"))
        #expect(collect.cache == false)
        #expect(collect.retry == RetryPolicy(attempts: 3, backoffSeconds: 30))
        #expect(collect.timeoutSeconds == 1200)
        #expect(collect.params["as_of"]?.stringValue == "${as_of}")
        let train = try #require(spec.stage(named: "train"))
        #expect(train.params["C"]?.numberValue == 1.0)
        let evaluate = try #require(spec.stage(named: "evaluate"))
        #expect(evaluate.inputs.map(\.name) == ["champion", "data", "model"])
        #expect(evaluate.inputs.first?.source == .alias("production"))
        #expect(spec.register?.promote == "production")
        #expect(spec.notify?.on == [.failed, .rejected])
        #expect(spec.notify?.command == ["./notify.sh", "--quiet"])
    }

    /// Every error names the key and the line it is on.
    static let mistakes: [(yaml: String, expected: String)] = [
        ("name: w\nmodel: m\nstages:\n  a: {run: x}\nschedul: daily\n", "pipeline.yaml:5: schedul: unknown key"),
        ("name: w\nmodel: m\nstages:\n  a: {params: {}}\n", "pipeline.yaml:4: stages.a: 'run' is required"),
        ("name: w\nmodel: m\nstages:\n  a:\n    run: x\n    retry: {attempts: three}\n", "pipeline.yaml:6: stages.a.retry.attempts: expected an integer"),
        ("name: w\nmodel: m\nstages:\n  a:\n    run: x\n    timeout: soon\n", "pipeline.yaml:6: stages.a.timeout: expected a duration"),
        ("name: w\nmodel: m\nstages:\n  a: {run: x, inputs: {data: b}}\n", "pipeline.yaml:4: stages.a.inputs.data: no stage named 'b'"),
        ("name: w\nmodel: m\nstages:\n  a: {run: x, inputs: {d: b}}\n  b: {run: y, inputs: {d: a}}\n", "inputs form a cycle: a -> b -> a"),
        ("name: w\nmodel: m\nconcurrency: sometimes\nstages:\n  a: {run: x}\n", "pipeline.yaml:3: concurrency: expected forbid, replace or allow"),
        ("name: w\nmodel: M!\nstages:\n  a: {run: x}\n", "pipeline.yaml:2: model: invalid model name 'M!'"),
        ("name: w\nmodel: m\ntimezone: Mars/Olympus\nstages:\n  a: {run: x}\n", "pipeline.yaml:3: timezone: unknown time zone"),
        ("name: w\nmodel: m\nstages:\n  a: {run: x}\nregister: {from: z}\n", "pipeline.yaml:5: register.from: no stage named 'z'"),
        ("name: w\nmodel: m\nstages:\n  a: {run: x\n", "pipeline.yaml:5: not valid YAML"),
        ("model: m\nstages:\n  a: {run: x}\n", "name: is required"),
        ("name: w\nmodel: m\nstages:\n  a: {run: x}\n  a: {run: y}\n", "pipeline.yaml"),
    ]

    @Test(arguments: mistakes.indices)
    func mistakesAreNamedWithTheirKeyAndLine(index: Int) {
        let mistake = Self.mistakes[index]
        #expect {
            _ = try parse(mistake.yaml)
        } throws: { error in
            "\(error)".contains(mistake.expected)
        }
    }

    @Test func plainScalarsInParamsAreTypedAsYAMLReadsThem() throws {
        let spec = try parse("""
            name: p
            model: m
            stages:
              s: {run: ./s.sh, params: {a: 12, b: -0.5, c: 1_000, d: +3, e: .5, f: "12", g: 365d, h: yes, i: ~, j: inf, k: nan, l: data.csv, m: 1e3, n: 0o17, o: 010, p: 0x1F, q: 1:30, r: 09, s: -1_5.2_5}}
            """)
        let params = try #require(spec.stage(named: "s")).params
        #expect(params == .object([
            "a": .number(12), "b": .number(-0.5), "c": .number(1000), "d": .number(3), "e": .number(0.5),
            "f": .string("12"), "g": .string("365d"), "h": .bool(true), "i": .null,
            "j": .string("inf"), "k": .string("nan"), "l": .string("data.csv"), "m": .number(1000),
            // YAML 1.1 as Yams reads it: octal and hex prefixes, a leading 0 is octal, sexagesimal.
            "n": .number(15), "o": .number(8), "p": .number(31), "q": .number(90), "r": .number(9), "s": .number(-15.25),
        ]))
    }

    @Test func paramsTemplatesAreFilledBeforeTheCacheKeyIsTaken() throws {
        let params = JSONValue.object(["as_of": .string("${as_of}"), "nested": .array([.string("run ${run_id}")]), "n": .number(3)])
        let filled = ParamsTemplate.substitute(params, asOf: "2015-06-01T00:00:00Z", runID: "r1")
        #expect(filled == .object(["as_of": .string("2015-06-01T00:00:00Z"), "nested": .array([.string("run r1")]), "n": .number(3)]))
        let a = try CacheKey.make(stage: "s", identity: "sha256:1", params: filled, inputs: [:])
        let b = try CacheKey.make(stage: "s", identity: "sha256:1", params: ParamsTemplate.substitute(params, asOf: "2015-07-01T00:00:00Z", runID: "r1"), inputs: [:])
        #expect(a != b)
        #expect(try CacheKey.make(stage: "s", identity: "sha256:2", params: filled, inputs: [:]) != a)
    }

    @Test func asOfIsNormalisedToUTC() throws {
        #expect(try AsOf.normalize("2015-06-01") == "2015-06-01T00:00:00Z")
        #expect(try AsOf.normalize("2015-06-01T05:00:00+09:00") == "2015-05-31T20:00:00Z")
        #expect(throws: PipelineError.self) { try AsOf.normalize("June 1st") }
    }
}
