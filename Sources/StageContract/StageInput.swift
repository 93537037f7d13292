public import ArgumentParser

/// One `--input NAME=DIR` argument: an input directory and the name the stage knows it by.
///
/// Names are what the pipeline wires together (`data`, `model`, `champion`…), so a stage
/// looks its inputs up by name, never by position.
public struct StageInput: ExpressibleByArgument, Sendable, Hashable, CustomStringConvertible {
    /// The input's name, e.g. `data`.
    public let name: String
    /// The directory holding the input, as given on the command line.
    public let directory: String

    public init(name: String, directory: String) {
        self.name = name
        self.directory = directory
    }

    /// Parses `NAME=DIR`; the name may not be empty or contain `=`, the directory may not be
    /// empty (it may contain `=`).
    public init?(argument: String) {
        guard let equals = argument.firstIndex(of: "=") else { return nil }
        let name = String(argument[..<equals])
        let directory = String(argument[argument.index(after: equals)...])
        guard !name.isEmpty, !directory.isEmpty else { return nil }
        self.init(name: name, directory: directory)
    }

    public var description: String { "\(name)=\(directory)" }

    public static var defaultValueDescription: String { "NAME=DIR" }
}
