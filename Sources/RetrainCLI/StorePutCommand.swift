import ArgumentParser
import Artifacts
import Foundation
import ProgressReporting

/// `retrain store put PATH`: a directory becomes a bundle, a file is stored as it is.
struct StorePutCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "put",
        abstract: "Store a directory (as a deterministic bundle) or a file; prints its digest last."
    )

    @OptionGroup var options: StoreOptions

    @Argument(help: "A directory or a file.")
    var path: String

    @Option(help: "zlib compression level for directories, 1-9.")
    var level: Int = 6

    func validate() throws {
        guard (1...9).contains(level) else { throw ValidationError("--level \(level) is out of range 1-9") }
    }

    func run() async throws {
        let store = try options.openStore()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ValidationError("'\(path)' does not exist")
        }
        let progress = ProgressLine(task: "put")
        let blob = isDirectory.boolValue
            ? try store.put(directory: path, level: level) { bytes in
                progress.update("\(ProgressLine.bytes(bytes)) read, \(ProgressLine.rate(bytes, seconds: progress.elapsed))")
            }
            : try store.put(file: path)
        progress.finish("\(ProgressLine.bytes(blob.size)) stored in \(String(format: "%.1f", progress.elapsed))s as \(blob.digest.short)…")
        print(blob.digest)
    }
}
