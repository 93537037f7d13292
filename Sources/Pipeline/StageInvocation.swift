import Foundation

/// A stage, ready to run: its executable, its arguments under the stage contract, where it
/// runs and where its log goes.
struct StageInvocation: Sendable {
    var stage: String
    var executable: String
    /// `--input NAME=DIR …`, `--output DIR`, `--params FILE`.
    var inputs: [(name: String, directory: String)]
    var outputDirectory: String
    var paramsFile: String
    var workingDirectory: String
    var environment: [String: String]
    var timeoutSeconds: Double?
    /// How long a stage gets between SIGTERM and SIGKILL.
    var killGraceSeconds: Double

    var contractArguments: [String] {
        inputs.flatMap { ["--input", "\($0.name)=\($0.directory)"] } + ["--output", outputDirectory, "--params", paramsFile]
    }
}

/// What came of running a stage once.
struct StageProcessResult: Sendable {
    var exit: ChildExit
    var timedOut: Bool
}
