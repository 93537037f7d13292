import Foundation
@testable import Pipeline
import Testing

@Suite struct RunStateMachineTests {
    func spec(_ yaml: String) throws -> PipelineSpec {
        try PipelineSpec.parse(yaml: yaml, file: "pipeline.yaml", directory: "/tmp")
    }

    let threeStages = """
        name: t
        model: m
        stages:
          collect: {run: c, retry: {attempts: 3, backoff: 10s}}
          evaluate: {run: e, inputs: {data: collect, champion: "@production"}}
          build: {run: b, inputs: {evaluation: evaluate, data: collect}}
        register: {from: build, promote: production}
        """

    @Test func aCleanRunResolvesRunsAndRegistersInDependencyOrder() throws {
        var machine = RunStateMachine(spec: try spec(threeStages))
        #expect(machine.handle(.begin) == [.resolve("collect")])
        #expect(machine.handle(.resolved("collect", hit: false, blessed: nil)) == [.start("collect", attempt: 1)])
        #expect(machine.handle(.exited("collect", attempt: 1, .succeeded(blessed: nil))) == [.resolve("evaluate")])
        #expect(machine.handle(.resolved("evaluate", hit: true, blessed: true)) == [.resolve("build")])
        #expect(machine.handle(.resolved("build", hit: false, blessed: nil)) == [.start("build", attempt: 1)])
        #expect(machine.handle(.exited("build", attempt: 1, .succeeded(blessed: nil))) == [.register])
        #expect(machine.handle(.registered(blessed: true)) == [.finish(.succeeded, reason: nil, failedStage: nil)])
        #expect(machine.handle(.begin).isEmpty)
    }

    @Test func failuresAreRetriedWithDoublingBackoffUntilAttemptsRunOut() throws {
        var machine = RunStateMachine(spec: try spec(threeStages))
        _ = machine.handle(.begin)
        _ = machine.handle(.resolved("collect", hit: false, blessed: nil))
        #expect(machine.handle(.exited("collect", attempt: 1, .failed(reason: "exit status 1"))) == [.retry("collect", attempt: 2, afterSeconds: 10)])
        #expect(machine.handle(.exited("collect", attempt: 2, .failed(reason: "exit status 1"))) == [.retry("collect", attempt: 3, afterSeconds: 20)])
        #expect(machine.handle(.exited("collect", attempt: 3, .failed(reason: "exit status 1")))
            == [.finish(.failed, reason: "collect: exit status 1 (after 3 attempts)", failedStage: "collect")])
        #expect(machine.states["evaluate"] == .skipped)
    }

    @Test func badDataIsNeverRetriedAndNoDataSkipsTheRun() throws {
        var machine = RunStateMachine(spec: try spec(threeStages))
        _ = machine.handle(.begin)
        _ = machine.handle(.resolved("collect", hit: false, blessed: nil))
        #expect(machine.handle(.exited("collect", attempt: 1, .badData(reason: "column 'x' missing")))
            == [.finish(.failed, reason: "collect: column 'x' missing", failedStage: "collect")])

        var empty = RunStateMachine(spec: try spec(threeStages))
        _ = empty.handle(.begin)
        _ = empty.handle(.resolved("collect", hit: false, blessed: nil))
        #expect(empty.handle(.exited("collect", attempt: 1, .noData(reason: "empty window")))
            == [.finish(.skipped, reason: "collect: empty window", failedStage: nil)])
    }

    @Test func anUnblessedCandidateRejectsTheRunAndSkipsTheRest() throws {
        var machine = RunStateMachine(spec: try spec(threeStages))
        _ = machine.handle(.begin)
        _ = machine.handle(.resolved("collect", hit: true, blessed: nil))
        _ = machine.handle(.resolved("evaluate", hit: false, blessed: nil))
        #expect(machine.handle(.exited("evaluate", attempt: 1, .succeeded(blessed: false)))
            == [.finish(.rejected, reason: "evaluate: the candidate was not blessed", failedStage: nil)])
        #expect(machine.states["build"] == .skipped)
    }

    @Test func underWhenAlwaysAnUnblessedCandidateIsRegisteredButTheRunIsRejected() throws {
        var machine = RunStateMachine(spec: try spec(threeStages.replacingOccurrences(of: "promote: production}", with: "promote: production, when: always}")))
        _ = machine.handle(.begin)
        _ = machine.handle(.resolved("collect", hit: true, blessed: nil))
        #expect(machine.handle(.resolved("evaluate", hit: true, blessed: false)) == [.resolve("build")])
        #expect(machine.handle(.resolved("build", hit: true, blessed: nil)) == [.register])
        #expect(machine.handle(.registered(blessed: false)) == [.finish(.rejected, reason: "evaluate: the candidate was not blessed", failedStage: nil)])
    }

    @Test func aResumedRunStartsAfterTheStagesItReuses() throws {
        var machine = RunStateMachine(spec: try spec(threeStages), completed: ["collect", "evaluate"])
        #expect(machine.handle(.begin) == [.resolve("build")])
        var upToDate = RunStateMachine(spec: try spec(threeStages), completed: ["collect", "evaluate", "build"])
        #expect(upToDate.handle(.begin) == [.register])
        #expect(upToDate.handle(.upToDate).first == .finish(.upToDate, reason: "the candidate equals a registered version; nothing registered", failedStage: nil))
    }

    @Test func independentStagesAreResolvedTogether() throws {
        var machine = RunStateMachine(spec: try spec("""
            name: t
            model: m
            stages:
              a: {run: a}
              b: {run: b}
              c: {run: c, inputs: {x: a, y: b}}
            """))
        #expect(machine.handle(.begin) == [.resolve("a"), .resolve("b")])
        #expect(machine.handle(.resolved("a", hit: true, blessed: nil)).isEmpty)
        #expect(machine.handle(.resolved("b", hit: true, blessed: nil)) == [.resolve("c")])
        #expect(machine.handle(.resolved("c", hit: true, blessed: nil)) == [.finish(.succeeded, reason: nil, failedStage: nil)])
    }
}
