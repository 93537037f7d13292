// swift-tools-version:6.2
import PackageDescription

let package = Package(
    name: "retrain",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "retrain", targets: ["retrain"]),
        .library(name: "Artifacts", targets: ["Artifacts"]),
        .library(name: "Learning", targets: ["Learning"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
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
        // The operator CLI's commands, kept in a library so tests can reach them.
        .target(
            name: "RetrainCLI",
            dependencies: [
                "Artifacts",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(name: "retrain", dependencies: ["RetrainCLI"]),

        // Shared fixtures for the test targets: temporary directories, trees, child processes.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "ArtifactsTests", dependencies: ["Artifacts", "TestSupport"]),

        // MARK: Learning (numerical core): dense matrices, feature transform, estimators,
        // metrics; scikit-learn reference fixtures; the fit benchmark's Swift side.
        .target(name: "Learning"),
        .testTarget(
            name: "LearningTests",
            dependencies: ["Learning"],
            exclude: ["Fixtures"]
        ),
        // Benchmark harness for scripts/bench/fit; not a shipped product.
        .executableTarget(name: "learning-bench", dependencies: ["Learning"]),
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
