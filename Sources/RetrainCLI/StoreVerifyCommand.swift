import ArgumentParser
import Artifacts

/// `retrain store verify`: rehash every blob; exit 1 with one line per bad blob.
struct StoreVerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check that every blob hashes to its name; exit 1 and name each one that does not."
    )

    @OptionGroup var options: StoreOptions

    func run() async throws {
        let problems = try options.openStore().verify()
        for problem in problems { printError(problem) }
        if !problems.isEmpty { throw ExitCode(1) }
    }
}
