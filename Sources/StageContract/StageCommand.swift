public import ArgumentParser

/// A stage executable's command: an `AsyncParsableCommand` whose only arguments are the
/// contract's (``StageOptions``), started through ``stageMain(arguments:)``.
///
/// Why a second way in: every stage run starts a process, and in these large static binaries
/// ArgumentParser's reflection of the command (its `Mirror` walk, the built-in `--help` and
/// completion flags, the generic types it instantiates — each a scan of ~8,000 protocol
/// conformance records on a cold start) costs ~5 ms before the stage does anything; in a
/// no-op `retrain run`, where collect is the one stage that runs, that was a tenth of the run.
/// The coordinator always passes the arguments in one plain form (Pipeline's
/// `StageInvocation`), which ``StageOptions/init(contractArguments:)`` reads directly.
/// Anything else — `--help`, a typo, a repeated input, `--output=DIR` — goes through
/// ArgumentParser as before, so people get the usual help and errors (tests check that both
/// readers give the same options for the plain form).
public protocol StageCommand: AsyncParsableCommand {
    var stage: StageOptions { get set }
}

extension StageCommand {
    /// The executable's entry point: the contract's arguments read directly when they are in
    /// the coordinator's plain form, ArgumentParser otherwise.
    public static func stageMain(arguments: [String] = Array(CommandLine.arguments.dropFirst())) async {
        guard let options = StageOptions(contractArguments: arguments) else {
            await main(arguments)
            return
        }
        var command = Self()
        command.stage = options
        do {
            try await command.run()
        } catch {
            exit(withError: error)
        }
    }
}
