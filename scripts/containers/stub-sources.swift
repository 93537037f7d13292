// Lets the Dockerfile build every dependency in a layer that changes only when the
// dependencies change, not whenever Package.swift does. Reads the JSON of
// `swift package dump-package` on standard input.
//
//   swift package dump-package | swift stub-sources.swift --dependencies-manifest DIR
//       Writes DIR/Package.swift: the same package name, platforms and dependencies (URLs,
//       requirements, traits), and a single target, RetrainDependencies, that depends on every
//       product a non-test target uses (DIR/Sources/RetrainDependencies holds an empty file).
//       Editing a target, adding one or changing a test's dependencies leaves it unchanged, so
//       Docker reuses the layer that builds it. Building the real package on top later
//       recompiles no dependency: SwiftPM compiles a dependency the same way whatever the
//       root's targets are (checked here), and Package.resolved's originHash covers only the
//       dependency declarations.
//
//   swift package dump-package | swift stub-sources.swift --missing
//       Creates an empty source file for every target whose directory is missing (its `path`,
//       else Sources/NAME, Tests/NAME for test targets), so the manifest loads when only
//       Sources/ was copied: the test targets. A system library target gets a module map with
//       no headers. Never writes into a directory that exists.
//
// Only speed depends on the first mode: the image is always built from the real Package.swift.
import Foundation

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("stub-sources: \(message)\n".utf8))
    exit(1)
}

/// A Swift string literal.
func literal(_ text: String) -> String {
    "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
}

/// The first element of a JSON enum payload: `{"exact": ["1.0.0"]}` → "1.0.0".
func payload(_ value: Any?) -> Any? {
    (value as? [Any])?.first
}

func write(_ text: String, to path: String) {
    do {
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    } catch {
        fail("cannot write \(path): \(error)")
    }
}

// MARK: --dependencies-manifest

func dependencyDeclaration(_ dependency: [String: Any]) -> String {
    if let source = payload(dependency["sourceControl"]) as? [String: Any] {
        guard let location = source["location"] as? [String: Any],
              let remote = payload(location["remote"]) as? [String: Any],
              let url = remote["urlString"] as? String
        else { fail("a source-control dependency without a remote URL: \(source["identity"] ?? "?")") }
        guard let requirement = source["requirement"] as? [String: Any] else {
            fail("dependency \(url) has no requirement")
        }
        let rule: String
        if let range = payload(requirement["range"]) as? [String: Any],
           let lower = range["lowerBound"] as? String, let upper = range["upperBound"] as? String {
            rule = "\(literal(lower))..<\(literal(upper))"
        } else if let version = payload(requirement["exact"]) as? String {
            rule = "exact: \(literal(version))"
        } else if let branch = payload(requirement["branch"]) as? String {
            rule = "branch: \(literal(branch))"
        } else if let revision = payload(requirement["revision"]) as? String {
            rule = "revision: \(literal(revision))"
        } else {
            fail("dependency \(url): a requirement this script does not know: \(requirement.keys.sorted())")
        }
        return ".package(url: \(literal(url)), \(rule)\(traits(source)))"
    }
    if let local = payload(dependency["fileSystem"]) as? [String: Any], let path = local["path"] as? String {
        return ".package(path: \(literal(path))\(traits(local)))"
    }
    fail("a dependency that is neither source control nor a local path: \(dependency.keys.sorted())")
}

/// `, traits: [...]` as declared (conditions dropped: this root has no traits to test them by).
func traits(_ dependency: [String: Any]) -> String {
    guard let list = dependency["traits"] as? [[String: Any]] else { return "" }
    let names = list.compactMap { $0["name"] as? String }
    return ", traits: [" + names.map(literal).joined(separator: ", ") + "]"
}

func platformDeclaration(_ platform: [String: Any]) -> String? {
    guard let name = platform["platformName"] as? String, let version = platform["version"] as? String else { return nil }
    let known = [
        "macos": "macOS", "ios": "iOS", "tvos": "tvOS", "watchos": "watchOS", "visionos": "visionOS",
        "maccatalyst": "macCatalyst", "driverkit": "driverKit",
    ]
    if let member = known[name] { return ".\(member)(\(literal(version)))" }
    return ".custom(\(literal(name)), versionString: \(literal(version)))"
}

/// Every `.product(name:package:)` a non-test target depends on, unless only on other platforms.
func usedProducts(_ targets: [[String: Any]]) -> [(name: String, package: String)] {
    var seen = Set<String>()
    var products: [(name: String, package: String)] = []
    for target in targets where (target["type"] as? String) != "test" {
        for case let dependency as [String: Any] in target["dependencies"] as? [Any] ?? [] {
            guard let product = dependency["product"] as? [Any], product.count >= 2,
                  let name = product[0] as? String, let package = product[1] as? String else { continue }
            if product.count >= 4, let condition = product[3] as? [String: Any],
               let platforms = condition["platformNames"] as? [String], !platforms.isEmpty, !platforms.contains("linux") {
                continue
            }
            if seen.insert(package + "/" + name).inserted { products.append((name, package)) }
        }
    }
    return products
}

func writeDependenciesManifest(_ manifest: [String: Any], into directory: String) {
    guard let name = manifest["name"] as? String,
          let dependencies = manifest["dependencies"] as? [[String: Any]],
          let targets = manifest["targets"] as? [[String: Any]]
    else { fail("standard input is not the JSON of `swift package dump-package`") }
    let platforms = (manifest["platforms"] as? [[String: Any]] ?? []).compactMap(platformDeclaration)
    let products = usedProducts(targets)
    var lines = [
        "// swift-tools-version:6.2",
        "// Generated by scripts/containers/stub-sources.swift: the dependencies of the real manifest alone.",
        "import PackageDescription",
        "",
        "let package = Package(",
        "    name: \(literal(name)),",
    ]
    if !platforms.isEmpty { lines.append("    platforms: [\(platforms.joined(separator: ", "))],") }
    lines.append("    dependencies: [")
    lines += dependencies.map { "        \(dependencyDeclaration($0))," }
    lines += [
        "    ],",
        "    targets: [",
        "        .target(",
        "            name: \"RetrainDependencies\",",
        "            dependencies: [",
    ]
    lines += products.map { "                .product(name: \(literal($0.name)), package: \(literal($0.package)))," }
    lines += ["            ]", "        ),", "    ]", ")", ""]
    write(lines.joined(separator: "\n"), to: directory + "/Package.swift")
    write("", to: directory + "/Sources/RetrainDependencies/Stub.swift")
}

// MARK: --missing

func stubMissingTargets(_ manifest: [String: Any]) {
    guard let targets = manifest["targets"] as? [[String: Any]] else {
        fail("standard input is not the JSON of `swift package dump-package` (no \"targets\" array)")
    }
    for target in targets {
        guard let name = target["name"] as? String, let type = target["type"] as? String else {
            fail("a target without \"name\" or \"type\" in the manifest JSON")
        }
        let directory = target["path"] as? String
            ?? (type == "test" ? "Tests/" : (type == "plugin" ? "Plugins/" : "Sources/")) + name
        if FileManager.default.fileExists(atPath: directory) { continue }
        switch type {
        case "system":
            // SwiftPM only checks that the module map exists; nothing imports the stub.
            write("module \(name) {}\n", to: directory + "/module.modulemap")
        case "executable":
            // Top-level code (empty) makes a valid executable without @main.
            write("", to: directory + "/main.swift")
        default:
            write("", to: directory + "/Stub.swift")
        }
    }
}

// MARK: main

let arguments = Array(CommandLine.arguments.dropFirst())
let input = FileHandle.standardInput.readDataToEndOfFile()
guard let manifest = (try? JSONSerialization.jsonObject(with: input)) as? [String: Any] else {
    fail("standard input is not JSON (pipe `swift package dump-package` into this script)")
}
switch arguments.first {
case "--dependencies-manifest" where arguments.count == 2:
    writeDependenciesManifest(manifest, into: arguments[1])
case "--missing" where arguments.count == 1:
    stubMissingTargets(manifest)
default:
    fail("usage: swift package dump-package | swift stub-sources.swift --dependencies-manifest DIR | --missing")
}
