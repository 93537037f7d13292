public import ArgumentParser
import SchedulingCLI

/// `retrain`, the operator's command: the root that every subcommand hangs from.
public struct RetrainCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "retrain",
        abstract: "Retrain models on a schedule, evaluate them, and serve the blessed ones.",
        subcommands: [
            StoreCommand.self, ModelsCommand.self, PromoteCommand.self, RollbackCommand.self, GCCommand.self, CronCommand.self,
            PushCommand.self, PullCommand.self,
        ]
    )

    public init() {}
}
