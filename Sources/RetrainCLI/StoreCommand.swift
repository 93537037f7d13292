import ArgumentParser

/// `retrain store …`: plumbing over the content-addressed store.
struct StoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Put, get and check blobs in the content-addressed store.",
        subcommands: [StorePutCommand.self, StoreGetCommand.self, StoreCatCommand.self, StoreListCommand.self, StoreVerifyCommand.self]
    )
}
