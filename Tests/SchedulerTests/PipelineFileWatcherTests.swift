import Foundation
@testable import Scheduler
import Testing
import TestSupport

/// Noticing a changed pipeline file, the "on change" half of reload.
@Suite struct PipelineFileWatcherTests {
    @Test func aRewrittenOrReplacedFileIsNoticedOnceAndAnUntouchedOneNever() throws {
        let directory = try TemporaryDirectory(prefix: "retrain-watch")
        let file = try directory.write("name: a\n", to: "pipeline.yaml")
        let other = try directory.write("name: b\n", to: "other.yaml")
        var watcher = PipelineFileWatcher(files: [file, other])
        #expect(watcher.changedFiles().isEmpty)
        try directory.write("name: a2\n", to: "pipeline.yaml")
        #expect(watcher.changedFiles() == [file])
        #expect(watcher.changedFiles().isEmpty)
        // An editor's save: a new file renamed over the old one.
        let replacement = try directory.write("name: a\n", to: "new.yaml")
        #expect(rename(replacement, file) == 0)
        #expect(watcher.changedFiles() == [file])
        // Gone, then back.
        try FileManager.default.removeItem(atPath: other)
        #expect(watcher.changedFiles().isEmpty)
        try directory.write("name: b\n", to: "other.yaml")
        #expect(watcher.changedFiles() == [other])
    }
}
