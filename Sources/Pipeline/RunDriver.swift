import Artifacts
import Foundation
import ProgressReporting
import Registry

/// Performs the state machine's actions for one run and keeps its record current.
struct RunDriver {
    let spec: PipelineSpec
    let store: BlobStore
    let registry: Registry
    let runs: RunStore
    let request: RunRequest
    var record: RunRecord
    let work: WorkDirectory
    let runner: any StageRunner
    private var outputs: [String: Digest] = [:]
    /// Set when the record changed and writing it waits for the next transition that acts.
    private var recordNeedsSaving = false
    private var machine: RunStateMachine
    private let cache: StageCache
    /// The versions `@ALIAS` inputs resolved to in this run: registering asks them first
    /// whether the candidate is already a version (in a no-op run it is the champion), before
    /// reading every version record of the model.
    private var aliasVersions: [ModelVersion] = []

    init(spec: PipelineSpec, store: BlobStore, registry: Registry, runs: RunStore, request: RunRequest, record: RunRecord, work: WorkDirectory, runner: any StageRunner) {
        self.spec = spec
        self.store = store
        self.registry = registry
        self.runs = runs
        self.request = request
        self.record = record
        self.work = work
        self.runner = runner
        self.machine = RunStateMachine(spec: spec)
        self.cache = StageCache(store: store)
    }

    mutating func drive(reusing previous: RunRecord?) async throws -> RunRecord {
        if let previous {
            var completed = Set<String>()
            for stage in previous.stages where (stage.status == .succeeded || stage.status == .cached) && spec.stage(named: stage.name) != nil {
                guard let output = stage.output, store.contains(output) else { continue }
                completed.insert(stage.name)
                outputs[stage.name] = output
                record.update(stage.name) {
                    $0 = stage
                    $0.status = .cached
                    $0.attempts = []
                    $0.note = "reused from run \(previous.id)"
                }
                say(stage.name, "reused", "from \(previous.id)")
            }
            machine = RunStateMachine(spec: spec, completed: completed)
        }
        // Written with the first stage attempt (or the finish), a few milliseconds on: until a
        // stage runs, the run has done nothing a record would need to explain or resume.
        recordNeedsSaving = true
        var pending = machine.handle(.begin)
        while !pending.isEmpty {
            let action = pending.removeFirst()
            if Task.isCancelled, !isFinish(action) {
                pending = [.finish(.failed, reason: "interrupted (SIGTERM or SIGINT)", failedStage: currentStage())]
                continue
            }
            pending += try await perform(action)
        }
        return record
    }

    /// Writes the run record now (temp file, fsync, rename); nothing is left pending.
    private mutating func saveRecord() throws {
        try runs.save(record)
        recordNeedsSaving = false
    }

    private func isFinish(_ action: RunStateMachine.Action) -> Bool {
        if case .finish = action { return true }
        return false
    }

    private func currentStage() -> String? {
        record.stages.first { $0.status == .running }?.name
    }

    private mutating func perform(_ action: RunStateMachine.Action) async throws -> [RunStateMachine.Action] {
        switch action {
        case let .resolve(stage):
            return try resolve(stage)
        case let .start(stage, attempt):
            return try await start(stage, attempt: attempt)
        case let .retry(stage, attempt, seconds):
            let jittered = seconds * Double.random(in: 0.75...1.25)
            say(stage, "retry", "attempt \(attempt) in \(Self.seconds(jittered))")
            try? await Task.sleep(nanoseconds: UInt64(jittered * 1e9))
            if Task.isCancelled { return [.finish(.failed, reason: "interrupted (SIGTERM or SIGINT)", failedStage: stage)] }
            return try await start(stage, attempt: attempt)
        case .register:
            return machine.handle(try registerCandidate())
        case let .finish(status, reason, failedStage):
            try await finish(status, reason: reason, failedStage: failedStage)
            return []
        }
    }

    // MARK: Resolving: inputs, cache key, cache or lineage hit

    /// Resolving takes microseconds and changes nothing outside the record, so it does not
    /// write the record itself: what it found (the key, a cache hit) is written with the next
    /// transition that does — a stage starting, or the run finishing — which follows at once.
    /// A no-op run thus writes its record twice (collect starting, finish), not once per stage
    /// and transition.
    private mutating func resolve(_ name: String) throws -> [RunStateMachine.Action] {
        guard let stage = spec.stage(named: name) else { return [] }
        var inputs: [String: Digest] = [:]
        var championVersions: [ModelVersion] = []
        var aliasInputs = Set<String>()
        let model = try RegistryName(spec.model)
        for input in stage.inputs {
            switch input.source {
            case let .stage(source):
                if let digest = outputs[source] { inputs[input.name] = digest }
            case let .alias(alias):
                aliasInputs.insert(input.name)
                if let version = try registry.resolve(model: model, alias: try RegistryName(alias, kind: "alias")) {
                    try registry.checkServable(version)
                    inputs[input.name] = version.bundle.digest
                    championVersions.append(version)
                    aliasVersions.append(version)
                }
            }
        }
        let params = ParamsTemplate.substitute(stage.params, asOf: record.asOf, runID: record.id)
        let (executable, identity) = try runner.identity(of: stage, spec: spec)
        let key = try CacheKey.make(stage: name, identity: identity, params: params, inputs: inputs)
        let reproductionKey = try CacheKey.make(stage: name, identity: identity, params: params, inputs: inputs.filter { !aliasInputs.contains($0.key) })
        record.update(name) {
            $0.executable = executable
            $0.identity = identity
            $0.cacheKey = key
            $0.reproductionKey = reproductionKey
            $0.params = params
            $0.inputs = inputs
        }

        var hit: (output: Digest, metrics: JSONValue?, blessing: JSONValue?, comparison: JSONValue?, note: String)?
        if stage.cache, let entry = cache.lookup(key) {
            hit = (entry.output, entry.metrics, entry.blessing, entry.comparison, "cache hit (made by run \(entry.run))")
        } else if stage.cache {
            // A stage reading an alias (the champion) reproduces that version's own output when
            // everything else it reads is what made the version: a model is not judged against itself.
            for version in championVersions {
                let lineage = version.metadata["stages"]?[name]
                if lineage?["reproduction_key"]?.stringValue == reproductionKey,
                   let text = lineage?["output"]?.stringValue, let output = try? Digest(parsing: text), store.contains(output) {
                    hit = (output, lineage?["metrics"], lineage?["blessing"], lineage?["comparison"], "reproduces \(spec.model) version \(version.version)")
                    break
                }
            }
        }
        guard let hit else {
            return machine.handle(.resolved(name, hit: false, blessed: nil))
        }
        outputs[name] = hit.output
        record.update(name) {
            $0.status = .cached
            $0.output = hit.output
            $0.metrics = hit.metrics
            $0.blessing = hit.blessing
            $0.comparison = hit.comparison
            $0.note = hit.note
        }
        say(name, "cached", hit.output.short + "…")
        return machine.handle(.resolved(name, hit: true, blessed: hit.blessing?["blessed"]?.boolValue))
    }

    // MARK: Running an attempt

    private mutating func start(_ name: String, attempt: Int) async throws -> [RunStateMachine.Action] {
        guard let stage = spec.stage(named: name), let stageRecord = record.stage(name) else { return [] }
        let directory = try work.stageDirectory(name, attempt: attempt)
        var inputs: [(name: String, directory: String)] = []
        for (inputName, digest) in stageRecord.inputs.sorted(by: { $0.key < $1.key }) {
            inputs.append((inputName, try work.input(digest, from: store)))
        }
        let paramsFile = directory + "/params.json"
        // Scratch (the params are in the record): no fsync.
        try FileSystem.writeAtomically(Array(JSONValue.canonicalData(stageRecord.params ?? .object([:]))), to: paramsFile, durable: false)
        var environment = request.environment
        environment["RETRAIN_RUN_ID"] = record.id
        environment["RETRAIN_STAGE"] = name
        environment["RETRAIN_AS_OF"] = record.asOf
        let invocation = StageInvocation(
            stage: name, executable: stageRecord.executable ?? stage.run, inputs: inputs, outputDirectory: directory + "/output",
            paramsFile: paramsFile, workingDirectory: spec.directory, environment: environment,
            timeoutSeconds: stage.timeoutSeconds, killGraceSeconds: request.killGraceSeconds
        )
        let started = Date()
        record.update(name) {
            $0.status = .running
            if $0.started == nil { $0.started = started }
            $0.attempts.append(StageAttempt(number: attempt, started: started, finished: nil, exitStatus: nil, signal: nil, timedOut: false, log: nil, logTail: []))
        }
        try saveRecord()
        let attempts = stage.retry.attempts
        say(name, "run", attempts > 1 ? "attempt \(attempt)/\(attempts)" : "")

        let logPath = directory + "/log"
        let logFile = try SystemFile.createExclusive(logPath)
        let heartbeat = startHeartbeat(name, attempt: attempt, of: attempts, log: logPath)
        let result = try await runner.run(invocation, logDescriptor: logFile.descriptor)
        heartbeat?.cancel()
        let finished = Date()
        let log = try store.put(file: logPath)
        let tail = Self.tail(of: logPath, lines: 20)
        record.update(name) {
            if let last = $0.attempts.indices.last {
                $0.attempts[last].finished = finished
                $0.attempts[last].exitStatus = result.exit.status
                $0.attempts[last].signal = result.exit.signal
                $0.attempts[last].timedOut = result.timedOut
                $0.attempts[last].log = log.digest
                $0.attempts[last].logTail = tail
            }
        }
        let lastLine = tail.last(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) ?? ""
        let elapsed = finished.timeIntervalSince(started)
        let outcome: RunStateMachine.Outcome
        if Task.isCancelled {
            record.update(name) { $0.status = .failed; $0.finished = finished }
            say(name, "failed", "interrupted")
            return [.finish(.failed, reason: "\(name): interrupted (SIGTERM or SIGINT)", failedStage: name)]
        } else if result.timedOut {
            outcome = .failed(reason: "timed out after \(Self.seconds(stage.timeoutSeconds ?? 0))")
        } else if let signal = result.exit.signal {
            outcome = .failed(reason: "killed by signal \(signal)" + (lastLine.isEmpty ? "" : ": \(lastLine)"))
        } else if result.exit.status == 0 {
            do {
                outcome = .succeeded(blessed: try ingest(name, outputDirectory: invocation.outputDirectory, stage: stage))
            } catch {
                outcome = .badData(reason: "\(error)")
            }
        } else if result.exit.status == 3 {
            outcome = .noData(reason: lastLine.isEmpty ? "no data to work on" : lastLine)
        } else if result.exit.status == 65 {
            outcome = .badData(reason: lastLine.isEmpty ? "bad input data (exit 65)" : lastLine)
        } else {
            outcome = .failed(reason: "exit status \(result.exit.status ?? -1)" + (lastLine.isEmpty ? "" : ": \(lastLine)"))
        }
        switch outcome {
        case .succeeded:
            record.update(name) { $0.status = .succeeded; $0.finished = finished }
            say(name, "ok", "\(Self.seconds(elapsed))  \(outputs[name]?.short ?? "")…")
        case .noData:
            record.update(name) { $0.status = .skipped; $0.finished = finished }
            say(name, "no data", Self.seconds(elapsed))
        case let .badData(reason), let .failed(reason):
            record.update(name) { $0.status = .failed; $0.finished = finished; $0.note = reason }
            say(name, "failed", "\(Self.seconds(elapsed))  \(reason)")
        }
        if case .succeeded = outcome {
            // Written with the next transition that acts (a stage starting, registering, the
            // finish): nothing is lost meanwhile — the output is in the store and the cache.
            recordNeedsSaving = true
        } else {
            try saveRecord()
        }
        return machine.handle(.exited(name, attempt: attempt, outcome))
    }

    /// Stores the stage's output directory and reads the figures it reports.
    private mutating func ingest(_ name: String, outputDirectory: String, stage: StageSpec) throws -> Bool? {
        let metrics = try Self.readJSON(outputDirectory + "/metrics.json", stage: name)
        if let metrics {
            guard case let .object(fields) = metrics, fields.values.allSatisfy({ $0.numberValue != nil || $0.stringValue != nil || $0.boolValue != nil }) else {
                throw PipelineError.other("\(name) wrote metrics.json that is not a flat JSON object of numbers and strings")
            }
        }
        let blessing = try Self.readJSON(outputDirectory + "/blessing.json", stage: name)
        let comparison = try Self.readJSON(outputDirectory + "/comparison.json", stage: name)
        let output = try store.put(directory: outputDirectory)
        outputs[name] = output.digest
        record.update(name) {
            $0.output = output.digest
            $0.metrics = metrics
            $0.blessing = blessing
            $0.comparison = comparison
        }
        if stage.cache, let key = record.stage(name)?.cacheKey {
            try cache.save(StageCache.Entry(key: key, stage: name, output: output.digest, metrics: metrics, blessing: blessing, comparison: comparison, run: record.id))
        }
        return blessing?["blessed"]?.boolValue
    }

    /// A ticking "running 35s" line while a stage runs, with the latest line the stage wrote
    /// to its log (its own progress: rows read, iteration and loss); cleared (on a terminal)
    /// when it ends.
    private func startHeartbeat(_ stage: String, attempt: Int, of attempts: Int, log: String) -> Task<Void, Never>? {
        guard request.heartbeat else { return nil }
        let line = ProgressLine(task: position(stage) + stage)
        let runStarted = record.started
        let suffix = attempts > 1 ? " (attempt \(attempt)/\(attempts))" : ""
        return Task {
            while !Task.isCancelled {
                try? await Task.sleep(nanoseconds: 1_000_000_000)
                if Task.isCancelled { break }
                let latest = Self.tail(of: log, lines: 1).last.map { " | " + $0.trimmingCharacters(in: .whitespaces) } ?? ""
                line.update("running \(Self.seconds(line.elapsed))\(suffix); run \(Self.seconds(Date().timeIntervalSince(runStarted))) elapsed\(latest)")
            }
            line.clear()
        }
    }

    // MARK: Registering

    private mutating func registerCandidate() throws -> RunStateMachine.Event {
        guard let register = spec.register, let candidate = outputs[register.from] else {
            return .failedToRegister(reason: "the stage to register from produced no output")
        }
        let model = try RegistryName(spec.model)
        func isCandidate(_ version: ModelVersion) -> Bool { version.bundle.digest == candidate && version.prunedAt == nil }
        if let same = aliasVersions.first(where: isCandidate) ?? ((try? registry.versions(of: model)) ?? []).first(where: isCandidate) {
            record.version = same.version
            request.progress(Self.line("register", "up to date", "\(spec.model) version \(same.version) is this candidate"))
            return .upToDate
        }
        if recordNeedsSaving { try saveRecord() }
        let gate = record.stages.last { $0.blessing != nil }
        let blessed = gate?.blessing?["blessed"]?.boolValue ?? true
        let metadata = RunLineage.metadata(for: record, spec: spec, blessed: blessed, gate: gate, fromStage: register.from)
        let version: ModelVersion
        do {
            version = try registry.register(model: model, bundle: candidate, metadata: metadata)
        } catch {
            return .failedToRegister(reason: "\(error)")
        }
        record.version = version.version
        var promoted = ""
        if let alias = register.promote, blessed {
            do {
                try registry.promote(model: model, version: version.version, alias: try RegistryName(alias, kind: "alias"),
                                     actor: "retrain run \(record.id)", reason: "blessed by run \(record.id) (as of \(record.asOf))")
                record.promoted = alias
                promoted = " -> \(alias)"
            } catch {
                return .failedToRegister(reason: "registered version \(version.version) but could not promote it: \(error)")
            }
        }
        request.progress(Self.line("register", "ok", "\(spec.model) version \(version.version)\(promoted)"))
        return .registered(blessed: blessed)
    }

    // MARK: Finishing

    private mutating func finish(_ status: RunStatus, reason: String?, failedStage: String?) async throws {
        record.status = status
        record.reason = reason
        record.failedStage = failedStage
        record.finished = Date()
        for index in record.stages.indices where record.stages[index].status == .pending || record.stages[index].status == .running {
            record.stages[index].status = record.stages[index].status == .running ? .failed : .skipped
        }
        try saveRecord()
        let elapsed = record.finished.map { $0.timeIntervalSince(record.started) } ?? 0
        request.progress("run \(record.id) \(String(status.rawValue.map { $0 == "_" ? " " : $0 })) in \(Self.seconds(elapsed))" + (reason.map { ": \($0)" } ?? ""))
        if let notify = spec.notify, notify.on.contains(status) {
            let notifier = Notifier(spec: notify, environment: request.environment, workingDirectory: spec.directory)
            record.notifications = await notifier.send(RunLineage.summary(of: record))
            try saveRecord()
        }
    }

    // MARK: Formatting

    /// `[2/5] ` for a stage of this pipeline; empty for the register line.
    private func position(_ stage: String) -> String {
        guard let index = spec.stageOrder.firstIndex(of: stage) else { return "" }
        return "[\(index + 1)/\(spec.stageOrder.count)] "
    }

    private func say(_ stage: String, _ status: String, _ detail: String) {
        request.progress(position(stage) + Self.line(stage, status, detail))
    }

    /// `train      ok      4.1s  sha256:9f2c…`: the stage padded to 10 columns, the status to 7.
    ///
    /// Plain Swift strings, not Foundation's `padding`/`String(format:)`: those go through
    /// `NSString`, whose first use costs a no-op run about a millisecond.
    static func line(_ stage: String, _ status: String, _ detail: String) -> String {
        func padded(_ text: String, to width: Int) -> String {
            text + String(repeating: " ", count: max(0, width - text.count))
        }
        var text = "\(padded(stage, to: 10)) \(padded(status, to: 7)) \(detail)"
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        return text
    }

    /// `4.1s` under a minute, `12m05s` from a minute on.
    static func seconds(_ value: Double) -> String {
        let value = max(0, value)
        if value < 60 { return ProgressLine.fixed(value, decimals: 1) + "s" }
        let whole = Int(value)
        let rest = whole % 60
        return "\(whole / 60)m\(rest < 10 ? "0" : "")\(rest)s"
    }

    /// The last `count` lines of a log, read from its last 64 KiB only: the heartbeat calls
    /// this every second while a stage writes, so it must not reread a growing log.
    static func tail(of path: String, lines count: Int) -> [String] {
        guard let handle = FileHandle(forReadingAtPath: path) else { return [] }
        defer { try? handle.close() }
        let window: UInt64 = 64 * 1024
        guard let size = try? handle.seekToEnd(), (try? handle.seek(toOffset: size > window ? size - window : 0)) != nil,
              let suffix = try? handle.readToEnd() else { return [] }
        let text = String(decoding: suffix, as: UTF8.self)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return Array(lines.suffix(count))
    }

    static func readJSON(_ path: String, stage: String) throws -> JSONValue? {
        guard FileSystem.exists(path) else { return nil }
        do {
            return try JSONDecoder().decode(JSONValue.self, from: Data(FileSystem.readFile(path)))
        } catch {
            throw PipelineError.other("\(stage) wrote \((path as NSString).lastPathComponent) that is not valid JSON")
        }
    }
}
