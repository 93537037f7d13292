public import ArgumentParser

/// `retrain cron`: the group of cron-expression tools, to mount under the root command.
///
/// Add `CronCommand.self` to the root command's subcommands to get `retrain cron next …`.
public struct CronCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "cron",
        abstract: "Work with cron expressions.",
        subcommands: [CronNextCommand.self]
    )

    public init() {}
}
