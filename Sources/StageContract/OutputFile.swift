public import Foundation

/// Creates a file in a stage's output directory for writing, without the fsync Foundation adds.
///
/// Foundation's `Data.write(to:)` and `FileManager.createFile` fsync every file. A stage's
/// output directory is scratch: the coordinator stores it as a bundle (temp file, fsync,
/// rename), and that is where it becomes durable. The ten fsyncs a small stage made were a
/// few milliseconds of every no-op run.
public enum OutputFile {
    /// `path` created (or truncated), open for writing; the handle closes it when released.
    public static func create(_ path: String) throws -> FileHandle {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [
                NSFilePathErrorKey: path, NSLocalizedDescriptionKey: "cannot create \(path): \(String(cString: strerror(errno)))",
            ])
        }
        return FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
    }
}
