import Artifacts
import Foundation

extension Registry {
    /// Rewrites `index.json` from the registry's records: `MODEL:N` for every version that
    /// still has its bundle, `MODEL:ALIAS` for every alias. Entries the registry did not make
    /// (e.g. images copied into the layout with skopeo) are kept as they are.
    ///
    /// The index is derived state: if a crash lands between a record's rename and this rewrite,
    /// the next change rewrites it again from the records.
    func regenerateIndex() throws {
        let models = try models()
        let names = Set(models.map(\.value))
        var manifests = try OCILayout.readIndex(in: store).manifests.filter { descriptor in
            guard let reference = descriptor.annotations?[OCIMediaType.refNameAnnotation],
                  let colon = reference.firstIndex(of: ":") else { return true }
            return !names.contains(String(reference[..<colon]))
        }
        for model in models {
            let versions = try versions(of: model)
            let byNumber = Dictionary(uniqueKeysWithValues: versions.map { ($0.version, $0) })
            func descriptor(_ record: ModelVersion, tag: String) -> OCIDescriptor {
                OCIDescriptor(mediaType: OCIMediaType.imageManifest, digest: record.manifest.digest, size: record.manifest.size,
                              artifactType: OCIMediaType.modelArtifact,
                              annotations: [OCIMediaType.refNameAnnotation: "\(model.value):\(tag)"])
            }
            for record in versions where record.prunedAt == nil {
                manifests.append(descriptor(record, tag: "\(record.version)"))
            }
            for (alias, number) in try aliases(of: model).aliases.sorted(by: { $0.key < $1.key }) {
                if let record = byNumber[number], record.prunedAt == nil { manifests.append(descriptor(record, tag: alias)) }
            }
        }
        try OCILayout.writeIndex(OCIIndex(manifests: manifests), in: store)
    }
}
