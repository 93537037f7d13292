import Artifacts
public import Foundation

extension Registry {
    /// Mark and sweep over the store.
    ///
    /// Roots: `index.json`, the kept versions of every model (see `GarbageCollectionPolicy`),
    /// every version an alias can roll back to, run records and cache entries within retention.
    /// Reachability is followed through any small JSON blob (manifests, configs) by the
    /// `sha256:` digests its text names, so the registry needs no knowledge of run-record or
    /// cache formats. Unreachable blobs older than the grace period are deleted; versions whose
    /// bundle goes are marked pruned (their records stay, numbers are never reused).
    public func collectGarbage(policy: GarbageCollectionPolicy, dryRun: Bool, now: Date = Date()) throws -> GarbageCollectionReport {
        try withLock {
            var report = GarbageCollectionReport()
            var marked = Set<Digest>()
            var pending: [Digest] = []
            func mark(_ digests: some Sequence<Digest>) {
                for digest in digests where marked.insert(digest).inserted { pending.append(digest) }
            }

            // Versions: decide which keep their bundles.
            var toPrune: [ModelVersion] = []
            for model in try models() {
                let versions = try versions(of: model)
                let aliases = try aliases(of: model)
                var keep = Set(versions.filter { $0.prunedAt == nil }.suffix(policy.keepVersions).map(\.version))
                keep.formUnion(aliases.recentlyAliasedVersions(lastEntries: policy.historyEntries))
                for alias in Set(aliases.history.map(\.alias)) { keep.formUnion(aliases.lineage(of: alias)) }
                for record in versions where record.prunedAt == nil {
                    if keep.contains(record.version) {
                        mark([record.bundle.digest, record.manifest.digest, record.config.digest])
                    } else {
                        toPrune.append(record)
                        report.prunedVersions.append("\(model.value):\(record.version)")
                    }
                }
            }

            // Index entries the registry did not make (e.g. images copied in) are roots too.
            let prunedManifests = Set(toPrune.map(\.manifest.digest))
            mark(try OCILayout.readIndex(in: store).manifests.map(\.digest).filter { !prunedManifests.contains($0) })

            // Run records and cache entries: kept within retention, their text names what they use.
            for (directory, isRuns) in [(store.root + "/runs", true), (store.root + "/cache", false)] {
                for file in try Self.files(under: directory) {
                    guard let info = FileSystem.sizeAndModificationTime(file) else { continue }
                    if now.timeIntervalSince1970 - info.modified > policy.keepRunsSeconds {
                        if isRuns { report.removedRuns.append(file) } else { report.removedCacheEntries.append(file) }
                    } else {
                        mark(Self.digests(in: try FileSystem.readFile(file)))
                    }
                }
            }

            // Follow digests named inside small JSON blobs (manifests, configs, stage records).
            while let digest = pending.popLast() {
                guard let info = store.blob(digest), info.size <= 1 << 20 else { continue }
                let bytes = (try? store.read(digest)) ?? []
                if bytes.first == UInt8(ascii: "{") { mark(Self.digests(in: bytes)) }
            }

            // Sweep.
            for blob in try store.list() {
                if marked.contains(blob.digest) { report.keptBlobs += 1; continue }
                let path = store.path(of: blob.digest)
                guard let info = FileSystem.sizeAndModificationTime(path), now.timeIntervalSince1970 - info.modified >= policy.graceSeconds else {
                    report.keptBlobs += 1
                    continue
                }
                report.removedBlobs.append(blob.digest.description)
                report.freedBytes += blob.size
                if !dryRun { try FileSystem.removeFile(path) }
            }
            guard !dryRun else { return report }
            for file in report.removedRuns + report.removedCacheEntries { try FileSystem.removeFile(file) }
            for var record in toPrune {
                record.prunedAt = now
                try write(record, to: versionPath(record.version, of: record.model))
            }
            try FileSystem.syncDirectory(store.blobDirectory)
            try regenerateIndex()
            return report
        }
    }

    /// Every regular file under `directory`, recursively (none if it does not exist).
    static func files(under directory: String) throws -> [String] {
        guard FileSystem.isDirectory(directory) else { return [] }
        var result: [String] = []
        for name in try FileSystem.entries(of: directory) {
            let path = directory + "/" + name
            if FileSystem.isDirectory(path) { result += try files(under: path) } else { result.append(path) }
        }
        return result
    }

    /// Every `sha256:<64 hex>` that appears in `bytes`.
    static func digests(in bytes: [UInt8]) -> Set<Digest> {
        var found = Set<Digest>()
        let prefix = Array("sha256:".utf8)
        var index = 0
        while index + prefix.count + 64 <= bytes.count {
            if bytes[index] == prefix[0], Array(bytes[index..<(index + prefix.count)]) == prefix {
                let text = String(decoding: bytes[index..<(index + prefix.count + 64)], as: UTF8.self)
                if let digest = try? Digest(parsing: text) {
                    found.insert(digest)
                    index += prefix.count + 64
                    continue
                }
            }
            index += 1
        }
        return found
    }
}
