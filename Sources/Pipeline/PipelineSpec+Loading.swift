import Artifacts
import Foundation
import Registry
import Yams

extension PipelineSpec {
    static let topLevelKeys: Set<String> = [
        "name", "model", "schedule", "timezone", "concurrency", "runner", "image", "compose_file",
        "stages", "register", "notify", "catch_up", "jitter", "report",
    ]
    static let stageKeys: Set<String> = ["run", "params", "inputs", "cache", "retry", "timeout", "service"]

    /// Reads and validates a pipeline file. Every error names the file, the line and the key.
    public static func load(file: String) throws -> PipelineSpec {
        let absolute = file.hasPrefix("/") ? file : FileManager.default.currentDirectoryPath + "/" + file
        guard let data = FileManager.default.contents(atPath: absolute), let text = String(data: data, encoding: .utf8) else {
            throw PipelineError.spec(file, line: nil, key: "", "cannot be read")
        }
        return try parse(yaml: text, file: file, directory: (absolute as NSString).deletingLastPathComponent)
    }

    /// Parses pipeline YAML text; `file` is used in messages, `directory` is where stages run.
    public static func parse(yaml: String, file: String, directory: String) throws -> PipelineSpec {
        let node: Node?
        do {
            // The basic resolver: the default one compiles seven regular expressions (ICU) on
            // first use, a tenth of a no-op run; YAMLValue types plain scalars itself.
            node = try Yams.compose(yaml: yaml, Resolver.basic)
        } catch let error as YamlError {
            throw PipelineError.spec(file, line: Self.line(of: error), key: "", "not valid YAML: \(Self.summary(of: error))")
        }
        guard let node else { throw PipelineError.spec(file, line: nil, key: "", "the file is empty") }
        let root = YAMLValue(node: node, file: file, path: "")
        var fields: [String: YAMLValue] = [:]
        for (key, value) in try root.mapping(allowed: topLevelKeys) { fields[key] = value }
        func required(_ key: String) throws -> YAMLValue {
            guard let value = fields[key] else { throw PipelineError.spec(file, line: node.mark?.line, key: key, "is required") }
            return value
        }

        let name = try required("name")
        let nameText = try name.string()
        do { _ = try RegistryName(nameText, kind: "pipeline") } catch { throw name.error(error.description) }
        let model = try required("model")
        let modelText = try model.string()
        do { _ = try RegistryName(modelText, kind: "model") } catch { throw model.error(error.description) }

        var spec = PipelineSpec(
            file: file, directory: directory, name: nameText, model: modelText,
            schedule: try fields["schedule"]?.string(), timezone: try fields["timezone"]?.string() ?? "UTC",
            concurrency: .forbid, runner: .process, image: try fields["image"]?.string() ?? "retrain:latest",
            composeFile: try fields["compose_file"]?.string(),
            stages: [], stageOrder: [], register: nil, notify: nil
        )
        if let value = fields["timezone"], TimeZone(identifier: spec.timezone) == nil {
            throw value.error("unknown time zone '\(spec.timezone)' (use an IANA name such as Asia/Seoul)")
        }
        if let value = fields["concurrency"] {
            let text = try value.string()
            guard let policy = Concurrency(rawValue: text) else { throw value.error("expected forbid, replace or allow, got '\(text)'") }
            spec.concurrency = policy
        }
        if let value = fields["runner"] {
            let text = try value.string()
            guard let runner = RunnerKind(rawValue: text) else { throw value.error("expected process, docker or compose, got '\(text)'") }
            spec.runner = runner
        }
        if let value = fields["catch_up"] {
            for (key, child) in try value.mapping(allowed: ["deadline"]) where key == "deadline" {
                spec.catchUpDeadlineSeconds = try child.duration()
            }
        }
        spec.jitterSeconds = try fields["jitter"]?.duration()
        if let value = fields["report"] {
            for (key, child) in try value.mapping(allowed: ["path"]) where key == "path" { spec.reportPath = try child.string() }
        }

        let stagesValue = try required("stages")
        for (stageName, stageValue) in try stagesValue.mapping() {
            do { _ = try RegistryName(stageName, kind: "stage") } catch { throw stageValue.error(error.description) }
            spec.stages.append(try parseStage(named: stageName, stageValue))
        }
        guard !spec.stages.isEmpty else { throw stagesValue.error("a pipeline needs at least one stage") }
        spec.stageOrder = try StageGraph.order(spec.stages, file: file)

        if let value = fields["register"] {
            var from: String?, promote: String?, condition = RegisterSpec.Condition.blessed
            for (key, child) in try value.mapping(allowed: ["from", "promote", "when"]) {
                switch key {
                case "from":
                    from = try child.string()
                    if spec.stage(named: from ?? "") == nil { throw child.error("no stage named '\(from ?? "")'") }
                case "promote":
                    let alias = try child.string()
                    do { _ = try RegistryName(alias, kind: "alias") } catch { throw child.error(error.description) }
                    promote = alias
                default:
                    let text = try child.string()
                    guard let parsed = RegisterSpec.Condition(rawValue: text) else { throw child.error("expected blessed or always, got '\(text)'") }
                    condition = parsed
                }
            }
            guard let from else { throw value.error("'from' is required (the stage whose output becomes a version)") }
            spec.register = RegisterSpec(from: from, promote: promote, when: condition)
        }
        if let value = fields["notify"] {
            var notify = NotifySpec(on: [.failed, .rejected], webhookURLEnvironment: nil, command: nil)
            for (key, child) in try value.mapping(allowed: ["on", "webhook", "command"]) {
                switch key {
                case "on":
                    notify.on = Set(try child.strings().enumerated().map { index, text in
                        guard let status = RunStatus(rawValue: String(text.map { $0 == " " ? "_" : $0 })) else {
                            throw child.error("unknown outcome '\(text)' (expected succeeded, up_to_date, rejected, failed or skipped)")
                        }
                        _ = index
                        return status
                    })
                case "webhook":
                    for (webhookKey, webhookValue) in try child.mapping(allowed: ["url_env"]) where webhookKey == "url_env" {
                        notify.webhookURLEnvironment = try webhookValue.string()
                    }
                default:
                    notify.command = try child.strings()
                    if notify.command?.isEmpty == true { throw child.error("the command must not be empty") }
                }
            }
            spec.notify = notify
        }
        return spec
    }

    private static func parseStage(named name: String, _ value: YAMLValue) throws -> StageSpec {
        var stage = StageSpec(name: name, run: "", params: .object([:]), inputs: [], cache: true, retry: RetryPolicy(),
                              timeoutSeconds: nil, service: nil, line: value.line)
        var sawRun = false
        for (key, child) in try value.mapping(allowed: stageKeys) {
            switch key {
            case "run":
                stage.run = try child.string()
                sawRun = !stage.run.isEmpty
            case "params":
                stage.params = try child.json()
                guard stage.params.objectValue != nil else { throw child.error("params must be a mapping") }
            case "inputs":
                for (inputName, source) in try child.mapping() {
                    let text = try source.string()
                    stage.inputs.append((inputName, text.hasPrefix("@") ? .alias(String(text.dropFirst())) : .stage(text)))
                    if text.hasPrefix("@") {
                        do { _ = try RegistryName(String(text.dropFirst()), kind: "alias") } catch { throw source.error(error.description) }
                    }
                }
                stage.inputs.sort { $0.name < $1.name }
            case "cache":
                stage.cache = try child.bool()
            case "retry":
                for (retryKey, retryValue) in try child.mapping(allowed: ["attempts", "backoff", "max_backoff"]) {
                    switch retryKey {
                    case "attempts":
                        stage.retry.attempts = try retryValue.int()
                        if stage.retry.attempts < 1 { throw retryValue.error("must be at least 1") }
                    case "backoff": stage.retry.backoffSeconds = try retryValue.duration()
                    default: stage.retry.maxBackoffSeconds = try retryValue.duration()
                    }
                }
            case "timeout":
                stage.timeoutSeconds = try child.duration()
            default:
                stage.service = try child.string()
            }
        }
        guard sawRun else { throw value.error("'run' is required (the stage's executable)") }
        return stage
    }

    private static func line(of error: YamlError) -> Int? {
        switch error {
        case let .scanner(_, _, mark, _), let .parser(_, _, mark, _), let .composer(_, _, mark, _):
            return mark.line
        default:
            return nil
        }
    }

    private static func summary(of error: YamlError) -> String {
        switch error {
        case let .scanner(_, problem, _, _), let .parser(_, problem, _, _), let .composer(_, problem, _, _):
            return problem
        default:
            return "\(error)".split(separator: "\n").first.map(String.init) ?? "syntax error"
        }
    }
}
