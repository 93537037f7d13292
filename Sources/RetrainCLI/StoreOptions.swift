import ArgumentParser
import Artifacts
import Foundation

/// The `--store DIR` flag shared by every command that touches the store.
///
/// Precedence: `--store`, then the `RETRAIN_STORE` environment variable, then `./artifacts`.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The store directory (default: $RETRAIN_STORE, else ./artifacts).", valueName: "dir"))
    var store: String?

    var storeRoot: String {
        store ?? ProcessInfo.processInfo.environment["RETRAIN_STORE"].flatMap { $0.isEmpty ? nil : $0 } ?? BlobStore.defaultRoot
    }

    func openStore() throws -> BlobStore {
        try BlobStore(root: storeRoot)
    }
}
