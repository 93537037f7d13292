public import ArgumentParser
import SchedulingCLI

/// `retrain`, the operator's command: the root that every subcommand hangs from.
public struct RetrainCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "retrain",
        abstract: "Retrain models on a schedule, evaluate them, and serve the blessed ones.",
        subcommands: [
            RunCommand.self, ResumeCommand.self, RunsCommand.self, LogsCommand.self, ReportCommand.self,
            ModelsCommand.self, PromoteCommand.self, RollbackCommand.self, GCCommand.self,
            StoreCommand.self, CronCommand.self, ScheduleCommand.self, CrontabCommand.self, BackfillCommand.self,
            PushCommand.self, PullCommand.self,
        ]
    )

    public init() {}
}
