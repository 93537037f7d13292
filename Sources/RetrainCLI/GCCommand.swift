import ArgumentParser
import Foundation
import Artifacts
import Registry

/// `retrain gc`: delete blobs nothing reachable names any more.
struct GCCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gc",
        abstract: "Remove unreachable blobs; keeps every version an alias can roll back to."
    )

    @OptionGroup var options: StoreOptions
    @Flag(help: "Print what would be removed and remove nothing.") var dryRun = false
    @Option(help: "Keep the newest N versions of each model.") var keepVersions = 10
    @Option(help: "Keep run records and cache entries younger than this (e.g. 30d).") var keepRuns = "30d"
    @Option(help: "Keep versions any alias pointed at in the last N history entries.") var historyEntries = 50
    @Option(help: "Never remove blobs younger than this (a run may be writing them).") var grace = "1h"

    func run() async throws {
        guard let keepRunsSeconds = HumanDuration.seconds(keepRuns) else { throw ValidationError("--keep-runs '\(keepRuns)' is not a duration like 30d or 12h") }
        guard let graceSeconds = HumanDuration.seconds(grace) ?? (grace == "0" ? 0 : nil) else { throw ValidationError("--grace '\(grace)' is not a duration like 1h") }
        let policy = GarbageCollectionPolicy(keepVersions: keepVersions, keepRunsSeconds: keepRunsSeconds, historyEntries: historyEntries, graceSeconds: graceSeconds)
        let report = try options.openRegistry().collectGarbage(policy: policy, dryRun: dryRun)
        let verb = dryRun ? "would remove" : "removed"
        for version in report.prunedVersions { print("\(verb) bundle of \(version)") }
        for run in report.removedRuns { print("\(verb) run record \(run)") }
        for blob in report.removedBlobs { print("\(verb) \(blob)") }
        print("\(verb) \(report.removedBlobs.count) blobs, \(Self.bytes(report.freedBytes)); kept \(report.keptBlobs) blobs, "
              + "\(report.removedRuns.count) run records and \(report.removedCacheEntries.count) cache entries \(dryRun ? "would go" : "gone")")
    }

    static func bytes(_ count: Int64) -> String {
        count >= 1 << 20 ? String(format: "%.1f MiB", Double(count) / 1048576) : "\(count) bytes"
    }
}
