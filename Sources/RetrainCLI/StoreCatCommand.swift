import ArgumentParser
import Artifacts

/// `retrain store cat DIGEST`: a blob's bytes on standard output.
struct StoreCatCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cat",
        abstract: "Write a blob's bytes to standard output (exits non-zero if they do not match the digest)."
    )

    @OptionGroup var options: StoreOptions

    @Argument(help: "The blob's digest, sha256:<hex>.")
    var digest: String

    func run() async throws {
        try options.openStore().copy(try Digest(parsing: digest), toDescriptor: 1)
    }
}
