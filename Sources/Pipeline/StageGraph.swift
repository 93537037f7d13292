/// The stages' dependency order, from their inputs.
enum StageGraph {
    /// Stages ordered so every stage comes after the stages it reads; ties keep file order.
    /// Unknown stages and cycles are errors naming the stage (and the cycle).
    static func order(_ stages: [StageSpec], file: String) throws -> [String] {
        let names = Set(stages.map(\.name))
        for stage in stages {
            for input in stage.inputs {
                if case let .stage(source) = input.source, !names.contains(source) {
                    throw PipelineError.spec(file, line: stage.line, key: "stages.\(stage.name).inputs.\(input.name)", "no stage named '\(source)'")
                }
            }
        }
        var order: [String] = []
        var state: [String: Int] = [:] // 1 visiting, 2 done
        var byName: [String: StageSpec] = [:]
        for stage in stages { byName[stage.name] = stage }
        func visit(_ name: String, path: [String]) throws {
            if state[name] == 2 { return }
            if state[name] == 1 {
                let cycle = path.drop { $0 != name } + [name]
                throw PipelineError.spec(file, line: byName[name]?.line, key: "stages.\(name)", "inputs form a cycle: \(cycle.joined(separator: " -> "))")
            }
            state[name] = 1
            for input in byName[name]?.inputs ?? [] {
                if case let .stage(source) = input.source { try visit(source, path: path + [name]) }
            }
            state[name] = 2
            order.append(name)
        }
        for stage in stages { try visit(stage.name, path: []) }
        return order
    }
}
