import Artifacts
import Foundation
import Registry
import Testing
import TestSupport

@Suite struct GarbageCollectionTests {
    let weather = try! RegistryName("weather")
    let production = try! RegistryName("production", kind: "alias")
    let longAgo = Date(timeIntervalSinceNow: -90 * 86400)

    /// Ten versions, production moved through 1…9 (so rollback must reach 8), twenty runs of
    /// which ten are older than the retention; every blob made to look old enough for gc.
    func makeBusyStore() throws -> RegistryFixture {
        let fixture = try RegistryFixture()
        for i in 1...10 { try fixture.register(label: "version-\(i)", size: 4000) }
        for version in 1...9 { try fixture.registry.promote(model: weather, version: version, alias: production, actor: "t", reason: nil) }
        for i in 0..<20 {
            let log = try fixture.store.put(bytes: Array("log of run \(i) ".utf8) + Array(repeating: UInt8(i), count: 20_000))
            let path = try fixture.directory.write(#"{"id":"run-\#(i)","log":"\#(log.digest)"}"#, to: "store/runs/run-\(i).json")
            if i < 10 { try FileManager.default.setAttributes([.modificationDate: longAgo], ofItemAtPath: path) }
        }
        for blob in try fixture.store.list() {
            try FileManager.default.setAttributes([.modificationDate: longAgo], ofItemAtPath: fixture.store.path(of: blob.digest))
        }
        return fixture
    }

    @Test func gcFreesSpaceAndRollbackStillWorks() throws {
        let fixture = try makeBusyStore()
        let blobsBefore = try fixture.store.list().count
        let report = try fixture.registry.collectGarbage(policy: GarbageCollectionPolicy(keepVersions: 2, historyEntries: 2), dryRun: false)
        #expect(report.freedBytes > 0)
        #expect(report.removedRuns.count == 10)
        #expect(try fixture.store.list().count == blobsBefore - report.removedBlobs.count)
        #expect(try fixture.store.verify().isEmpty)
        // Every version on production's rollback lineage keeps its bundle; the old run logs go.
        #expect(report.prunedVersions.isEmpty)
        #expect(try fixture.registry.rollback(model: weather, alias: production, actor: "t", reason: nil).to == 8)
        #expect(try fixture.registry.rollback(model: weather, alias: production, actor: "t", reason: nil).to == 7)
        // Recent runs keep their logs.
        let recent = try JSONDecoder().decode([String: String].self, from: Data(contentsOf: URL(fileURLWithPath: fixture.store.root + "/runs/run-15.json")))
        #expect(fixture.store.contains(try Digest(parsing: recent["log"] ?? "")))
    }

    @Test func versionsOffEveryLineageArePrunedButTheirRecordsStay() throws {
        let fixture = try RegistryFixture()
        for i in 1...5 { try fixture.register(label: "v\(i)") }
        try fixture.registry.promote(model: weather, version: 5, alias: production, actor: "t", reason: nil)
        for blob in try fixture.store.list() {
            try FileManager.default.setAttributes([.modificationDate: longAgo], ofItemAtPath: fixture.store.path(of: blob.digest))
        }
        let report = try fixture.registry.collectGarbage(policy: GarbageCollectionPolicy(keepVersions: 1, historyEntries: 1), dryRun: false)
        #expect(Set(report.prunedVersions) == ["weather:1", "weather:2", "weather:3", "weather:4"])
        let versions = try fixture.registry.versions(of: weather)
        #expect(versions.count == 5)
        #expect(versions.filter { $0.prunedAt != nil }.map(\.version) == [1, 2, 3, 4])
        #expect(throws: RegistryError.pruned("weather", 2)) {
            try fixture.registry.promote(model: weather, version: 2, alias: production, actor: "t", reason: nil)
        }
        #expect(try fixture.register(label: "v6").version == 6)
        #expect(try fixture.store.verify().isEmpty)
    }

    @Test func dryRunDeletesNothing() throws {
        let fixture = try makeBusyStore()
        let before = try fixture.store.list()
        let runsBefore = try FileManager.default.contentsOfDirectory(atPath: fixture.store.root + "/runs").sorted()
        let report = try fixture.registry.collectGarbage(policy: GarbageCollectionPolicy(keepVersions: 1, historyEntries: 1), dryRun: true)
        #expect(report.freedBytes > 0)
        #expect(try fixture.store.list() == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: fixture.store.root + "/runs").sorted() == runsBefore)
        #expect(try fixture.registry.versions(of: weather).allSatisfy { $0.prunedAt == nil })
    }

    @Test func freshUnreachableBlobsAreLeftForTheGracePeriod() throws {
        let fixture = try RegistryFixture()
        let orphan = try fixture.store.put(bytes: Array("a run is about to reference me".utf8))
        let report = try fixture.registry.collectGarbage(policy: GarbageCollectionPolicy(), dryRun: false)
        #expect(report.removedBlobs.isEmpty)
        #expect(fixture.store.contains(orphan.digest))
        let later = try fixture.registry.collectGarbage(policy: GarbageCollectionPolicy(graceSeconds: 0), dryRun: false)
        #expect(later.removedBlobs == [orphan.digest.description])
    }
}
