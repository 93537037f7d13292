public import ArgumentParser
public import Foundation

/// The arguments every stage executable takes: `--input NAME=DIR … --output DIR --params FILE`.
///
/// Pulled into each stage's command with `@OptionGroup`, so all stages parse the contract
/// the same way and reject the same mistakes (a repeated input name, a missing output).
public struct StageOptions: ParsableArguments, Sendable {
    @Option(
        name: .customLong("input"),
        help: ArgumentHelp("An input directory and its name; repeatable.", valueName: "NAME=DIR")
    )
    public var inputs: [StageInput] = []

    @Option(help: ArgumentHelp("The directory to write the stage's output into.", valueName: "DIR"))
    public var output: String

    @Option(help: ArgumentHelp("The stage's parameters, a JSON object.", valueName: "FILE"))
    public var params: String

    public init() {}

    /// Builds the options in code (tests, the in-process runner).
    public init(inputs: [StageInput] = [], output: String, params: String) {
        self.inputs = inputs
        self.output = output
        self.params = params
    }

    /// Reads `--input NAME=DIR … --output DIR --params FILE` (in any order, each flag and its
    /// value as two arguments) without ArgumentParser; nil for anything else, which
    /// ``StageCommand/stageMain(arguments:)`` hands to ArgumentParser for its help or error.
    ///
    /// Deliberately narrow: it accepts only what ArgumentParser would parse to the same options
    /// — no `--flag=value`, no value that starts with `-`, no repeated `--output`, `--params`
    /// or input name, both `--output` and `--params` present.
    public init?(contractArguments arguments: [String]) {
        var inputs: [StageInput] = []
        var output: String?
        var params: String?
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let flag = arguments[index]
            let valueIndex = arguments.index(after: index)
            guard valueIndex < arguments.endIndex else { return nil }
            let value = arguments[valueIndex]
            guard !value.hasPrefix("-") else { return nil }
            switch flag {
            case "--input":
                guard let input = StageInput(argument: value), !inputs.contains(where: { $0.name == input.name }) else { return nil }
                inputs.append(input)
            case "--output":
                guard output == nil else { return nil }
                output = value
            case "--params":
                guard params == nil else { return nil }
                params = value
            default:
                return nil
            }
            index = arguments.index(after: valueIndex)
        }
        guard let output, let params else { return nil }
        self.init(inputs: inputs, output: output, params: params)
    }

    public func validate() throws {
        var seen = Set<String>()
        for input in inputs where !seen.insert(input.name).inserted {
            throw ValidationError("--input \(input.name) is given more than once")
        }
    }

    /// The directory of the input called `name`, or a bad-input failure naming it.
    public func input(named name: String) throws -> URL {
        guard let input = inputs.first(where: { $0.name == name }) else {
            throw StageFailure.badInput("missing --input \(name)=DIR")
        }
        return URL(fileURLWithPath: input.directory, isDirectory: true)
    }

    /// The directory of the input called `name` when it was given (optional inputs).
    public func optionalInput(named name: String) -> URL? {
        inputs.first(where: { $0.name == name }).map {
            URL(fileURLWithPath: $0.directory, isDirectory: true)
        }
    }

    /// The output directory.
    public var outputDirectory: URL {
        URL(fileURLWithPath: output, isDirectory: true)
    }

    /// Creates the output directory, which must be missing or empty.
    ///
    /// An output must hold only what this run wrote: stale files from an earlier run would
    /// end up in the bundle and break "same inputs, same digest".
    public func prepareOutputDirectory() throws -> URL {
        let url = outputDirectory
        let fileManager = FileManager.default
        var isDirectory: ObjCBool = false
        if fileManager.fileExists(atPath: url.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw StageFailure.badInput("--output \(output) is not a directory")
            }
            let entries = (try? fileManager.contentsOfDirectory(atPath: url.path)) ?? []
            guard entries.isEmpty else {
                throw StageFailure.badInput("--output \(output) is not empty")
            }
            return url
        }
        do {
            try fileManager.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw StageFailure.failure("cannot create --output \(output): \(error.localizedDescription)")
        }
        return url
    }
}
