import ArgumentParser
import Artifacts

/// `retrain store ls`: every blob with its size.
struct StoreListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ls", abstract: "List blobs: digest and size in bytes.")

    @OptionGroup var options: StoreOptions

    func run() async throws {
        for blob in try options.openStore().list() {
            print("\(blob.digest)  \(blob.size)")
        }
    }
}
