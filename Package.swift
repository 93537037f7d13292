// swift-tools-version:6.2
import PackageDescription

let package = Package(
    name: "retrain",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "retrain", targets: ["retrain"]),
        .library(name: "Artifacts", targets: ["Artifacts"]),
        .library(name: "Registry", targets: ["Registry"]),
        .library(name: "Distribution", targets: ["Distribution"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        // Distribution (issue 11): the OCI distribution client speaks HTTP through this.
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
    ],
    targets: [
        // zlib from the system (Debian: zlib1g-dev), for gzip streams.
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        // Digests, gzip streams, deterministic bundles, the blob store, the OCI layout.
        .target(
            name: "Artifacts",
            dependencies: [
                "CZlib",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Model versions, aliases, promotion history, gc, OCI tags.
        .target(name: "Registry", dependencies: ["Artifacts"]),
        // The operator CLI's commands, kept in a library so tests can reach them.
        .target(
            name: "RetrainCLI",
            dependencies: [
                "Artifacts",
                "Registry",
                "Distribution",
                "SchedulingCLI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "retrain",
            dependencies: ["RetrainCLI", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),

        // Shared fixtures for the test targets: temporary directories, trees, child processes.
        .target(
            name: "TestSupport",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            path: "Tests/TestSupport"
        ),
        .testTarget(name: "ArtifactsTests", dependencies: ["Artifacts", "TestSupport"]),
        .testTarget(name: "RegistryTests", dependencies: ["Registry", "Artifacts", "TestSupport"]),
        // The executables as users run them; depending on them makes `swift test` build them.
        .testTarget(name: "EndToEndTests", dependencies: ["TestSupport", "retrain"]),

        // MARK: Scheduling (issue 8)
        // Cron expressions and their fire times in an IANA time zone; Foundation only.
        .target(name: "Scheduling"),
        // `retrain cron …` subcommands, kept apart so Scheduling does not link ArgumentParser.
        .target(
            name: "SchedulingCLI",
            dependencies: [
                "Scheduling",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "SchedulingTests",
            dependencies: ["Scheduling", "SchedulingCLI"],
            exclude: ["Fixtures"]
        ),
        // MARK: end Scheduling

        // MARK: Distribution (issue 11)
        // The OCI distribution-spec client: references, auth, blob and manifest transfer,
        // push of a model version and pull into the local registry.
        .target(
            name: "Distribution",
            dependencies: [
                "Artifacts",
                "Registry",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Against real docker-registry instances started by scripts/services (see its README).
        .testTarget(
            name: "DistributionTests",
            dependencies: [
                "Distribution", "Registry", "Artifacts", "TestSupport", "retrain",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // MARK: end Distribution
    ]
)

// Strictness is set once, for every target, the way swift-log and Hummingbird do it.
for target in package.targets where [.executable, .test, .regular].contains(target.type) {
    var settings = target.swiftSettings ?? []
    settings.append(.swiftLanguageMode(.v6))
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    settings.append(.enableUpcomingFeature("InternalImportsByDefault"))
    settings.append(.enableUpcomingFeature("MemberImportVisibility"))
    target.swiftSettings = settings
}
