/// The two files that make the store's root an OCI image layout (image-spec `image-layout.md`).
///
/// `oci-layout` pins the layout version; `index.json` lists tagged manifests. The registry
/// adds model versions to the index; here we only make sure a new store is already valid.
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
}
