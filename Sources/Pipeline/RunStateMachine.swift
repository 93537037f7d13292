/// The coordinator's decisions, as values: given what just happened, what to do next.
///
/// It does no I/O, so every path — cache hits, retries with backoff, data that is missing or
/// bad, an evaluation that does not bless, registration — is unit tested without processes.
/// The driver (`Coordinator`) performs each action and feeds back the resulting event.
struct RunStateMachine {
    /// Something the driver must do.
    enum Action: Equatable {
        /// Work out the stage's inputs and cache key; report `.resolved`.
        case resolve(String)
        /// Run the stage's executable (attempt numbers start at 1); report `.exited`.
        case start(String, attempt: Int)
        /// Wait `seconds` (backoff, before jitter), then run the attempt; report `.exited`.
        case retry(String, attempt: Int, afterSeconds: Double)
        /// Register the `register.from` output (or find it already registered); report
        /// `.registered` or `.upToDate`.
        case register
        /// The run is over.
        case finish(RunStatus, reason: String?, failedStage: String?)
    }

    /// How an attempt ended.
    enum Outcome: Equatable {
        case succeeded(blessed: Bool?)
        /// Exit 3: nothing to work on.
        case noData(reason: String)
        /// Exit 65: the input is bad; a retry cannot help.
        case badData(reason: String)
        /// Anything else: a retry may cure it.
        case failed(reason: String)
    }

    /// Something that happened.
    enum Event: Equatable {
        case begin
        /// A cache (or lineage) hit, with the stage's blessing if its output carries one.
        case resolved(String, hit: Bool, blessed: Bool?)
        case exited(String, attempt: Int, Outcome)
        case registered(blessed: Bool)
        case upToDate
        case failedToRegister(reason: String)
    }

    enum StageState: Equatable {
        case waiting, resolving, running(attempt: Int), done, skipped
    }

    let order: [String]
    let dependencies: [String: Set<String>]
    let attempts: [String: Int]
    let backoff: [String: RetryPolicy]
    let register: RegisterSpec?
    private(set) var states: [String: StageState]
    private(set) var isFinished = false
    /// Set when a stage's output says the candidate was not blessed.
    private(set) var rejection: String?

    /// - Parameter completed: stages whose outputs are reused (a resumed run).
    init(spec: PipelineSpec, completed: Set<String> = []) {
        order = spec.stageOrder
        var dependencies: [String: Set<String>] = [:]
        var attempts: [String: Int] = [:]
        var backoff: [String: RetryPolicy] = [:]
        for stage in spec.stages {
            dependencies[stage.name] = Set(stage.inputs.compactMap { input in
                if case let .stage(source) = input.source { return source } else { return nil }
            })
            attempts[stage.name] = stage.retry.attempts
            backoff[stage.name] = stage.retry
        }
        self.dependencies = dependencies
        self.attempts = attempts
        self.backoff = backoff
        self.register = spec.register
        states = Dictionary(uniqueKeysWithValues: order.map { ($0, completed.contains($0) ? StageState.done : .waiting) })
    }

    mutating func handle(_ event: Event) -> [Action] {
        guard !isFinished else { return [] }
        switch event {
        case .begin:
            return advance()
        case let .resolved(stage, hit, blessed):
            guard hit else {
                states[stage] = .running(attempt: 1)
                return [.start(stage, attempt: 1)]
            }
            return complete(stage, blessed: blessed)
        case let .exited(stage, attempt, outcome):
            switch outcome {
            case let .succeeded(blessed):
                return complete(stage, blessed: blessed)
            case let .noData(reason):
                return finish(.skipped, reason: "\(stage): \(reason)", failedStage: nil)
            case let .badData(reason):
                return finish(.failed, reason: "\(stage): \(reason)", failedStage: stage)
            case let .failed(reason):
                if attempt < attempts[stage, default: 1] {
                    states[stage] = .running(attempt: attempt + 1)
                    return [.retry(stage, attempt: attempt + 1, afterSeconds: backoff[stage, default: RetryPolicy()].backoff(after: attempt))]
                }
                let tries = attempt == 1 ? "" : " (after \(attempt) attempts)"
                return finish(.failed, reason: "\(stage): \(reason)\(tries)", failedStage: stage)
            }
        case let .registered(blessed):
            // Under `when: always` an unblessed candidate is registered but not promoted.
            return blessed ? finish(.succeeded, reason: nil, failedStage: nil) : finish(.rejected, reason: rejection, failedStage: nil)
        case .upToDate:
            return finish(.upToDate, reason: "the candidate equals a registered version; nothing registered", failedStage: nil)
        case let .failedToRegister(reason):
            return finish(.failed, reason: "register: \(reason)", failedStage: nil)
        }
    }

    private mutating func complete(_ stage: String, blessed: Bool?) -> [Action] {
        states[stage] = .done
        if blessed == false {
            rejection = "\(stage): the candidate was not blessed"
            if let register, register.when == .blessed {
                for name in order where states[name] == .waiting { states[name] = .skipped }
                return finish(.rejected, reason: rejection, failedStage: nil)
            }
        }
        return advance()
    }

    /// Resolves every stage whose inputs are ready; registers once all are done.
    private mutating func advance() -> [Action] {
        var actions: [Action] = []
        for name in order where states[name] == .waiting {
            if dependencies[name, default: []].allSatisfy({ states[$0] == .done }) {
                states[name] = .resolving
                actions.append(.resolve(name))
            }
        }
        if actions.isEmpty && order.allSatisfy({ states[$0] == .done }) {
            if register != nil { return [.register] }
            return finish(.succeeded, reason: nil, failedStage: nil)
        }
        return actions
    }

    private mutating func finish(_ status: RunStatus, reason: String?, failedStage: String?) -> [Action] {
        isFinished = true
        for name in order where states[name] == .waiting || states[name] == .resolving { states[name] = .skipped }
        return [.finish(status, reason: reason, failedStage: failedStage)]
    }
}
