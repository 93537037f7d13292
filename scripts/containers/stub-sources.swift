// Makes an empty source tree that satisfies Package.swift, so the Dockerfile can build every
// dependency in a layer that depends on Package.swift alone. When only our own sources change,
// `docker build` reuses that layer and compiles just our targets.
//
//   swift package dump-package | swift scripts/containers/stub-sources.swift
//
// Reads the manifest's JSON on standard input and creates, in the current directory, one
// directory per target (its `path`, or Sources/NAME, Tests/NAME for test targets) holding an
// empty Swift file; a system library target gets a module map with no headers. It refuses to
// write into a directory that already exists, so it can never overwrite real sources. It
// prints the name of every target it stubbed, one a line, so that what the stubs built can be
// removed before the real sources are (a stub is Swift even where the target is C).
import Foundation

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("stub-sources: \(message)\n".utf8))
    exit(1)
}

let input = FileHandle.standardInput.readDataToEndOfFile()
guard
    let manifest = try? JSONSerialization.jsonObject(with: input) as? [String: Any],
    let targets = manifest["targets"] as? [[String: Any]]
else {
    fail("standard input is not the JSON of `swift package dump-package` (no \"targets\" array)")
}

let fileManager = FileManager.default
for target in targets {
    guard let name = target["name"] as? String, let type = target["type"] as? String else {
        fail("a target without \"name\" or \"type\" in the manifest JSON")
    }
    let directory: String
    if let path = target["path"] as? String {
        directory = path
    } else {
        directory = (type == "test" ? "Tests/" : (type == "plugin" ? "Plugins/" : "Sources/")) + name
    }
    if fileManager.fileExists(atPath: directory) {
        fail("\(directory) already exists; run this in an empty directory next to Package.swift")
    }
    do {
        try fileManager.createDirectory(atPath: directory, withIntermediateDirectories: true)
        switch type {
        case "system":
            // SwiftPM only checks that the module map exists; nothing imports the stub.
            try Data("module \(name) {}\n".utf8).write(to: URL(fileURLWithPath: directory + "/module.modulemap"))
        case "executable":
            // Top-level code (empty) makes a valid executable without @main.
            try Data().write(to: URL(fileURLWithPath: directory + "/main.swift"))
        default:
            try Data().write(to: URL(fileURLWithPath: directory + "/Stub.swift"))
        }
    } catch {
        fail("cannot create the stub for target \(name) in \(directory): \(error)")
    }
    print(name)
}
