import Foundation

/// The two files that make the store's root an OCI image layout (image-spec `image-layout.md`).
///
/// `oci-layout` pins the layout version; `index.json` lists tagged manifests. The registry
/// rewrites the index whenever versions or aliases change; here we make sure a new store is
/// already valid and give the registry an atomic way to replace the index.
package enum OCILayout {
    package static let layoutFile = "oci-layout"
    package static let indexFile = "index.json"
    package static let layoutBytes = Array(#"{"imageLayoutVersion":"1.0.0"}"#.utf8)
    package static let emptyIndexBytes = Array(#"{"manifests":[],"mediaType":"application/vnd.oci.image.index.v1+json","schemaVersion":2}"#.utf8)

    /// Writes the layout files if they are missing; never touches an existing index.
    package static func create(in store: BlobStore) throws {
        let layout = store.root + "/" + layoutFile
        if !FileSystem.exists(layout) { try FileSystem.writeAtomically(layoutBytes, to: layout) }
        let index = store.root + "/" + indexFile
        if !FileSystem.exists(index) { try FileSystem.writeAtomically(emptyIndexBytes, to: index) }
    }

    /// Reads `index.json`.
    package static func readIndex(in store: BlobStore) throws -> OCIIndex {
        let bytes = try FileSystem.readFile(store.root + "/" + indexFile)
        do {
            return try JSONValue.decoder().decode(OCIIndex.self, from: Data(bytes))
        } catch {
            throw ArtifactsError.invalidArgument("\(store.root)/\(indexFile) is not a valid OCI index: \(error)")
        }
    }

    /// Replaces `index.json` atomically (temp, fsync, rename). Callers hold the registry lock.
    package static func writeIndex(_ index: OCIIndex, in store: BlobStore) throws {
        try FileSystem.writeAtomically(Array(JSONValue.canonicalData(index)), to: store.root + "/" + indexFile)
    }
}
