import ArgumentParser

/// `retrain models …`: reading the registry, and registering by hand.
struct ModelsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "List, show, compare and register model versions.",
        subcommands: [ModelsListCommand.self, ModelsShowCommand.self, ModelsHistoryCommand.self, ModelsDiffCommand.self, ModelsRegisterCommand.self]
    )
}
