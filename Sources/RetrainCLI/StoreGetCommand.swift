import ArgumentParser
import Artifacts

/// `retrain store get DIGEST DEST`: a verified copy of a blob, or its extracted bundle.
struct StoreGetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get",
        abstract: "Write a blob to a file, or extract a bundle into a directory with --extract."
    )

    @OptionGroup var options: StoreOptions

    @Argument(help: "The blob's digest, sha256:<hex>.")
    var digest: String

    @Argument(help: "The file to write (or, with --extract, the directory to create).")
    var destination: String

    @Flag(help: "Extract the bundle into DEST instead of writing the blob's bytes.")
    var extract = false

    func run() async throws {
        let store = try options.openStore()
        let digest = try Digest(parsing: digest)
        if extract {
            try store.extract(digest, into: destination)
        } else {
            try store.write(digest, toFile: destination)
        }
    }
}
