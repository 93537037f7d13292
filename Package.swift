// swift-tools-version:6.2
import PackageDescription

let package = Package(
    name: "retrain",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "retrain", targets: ["retrain"]),
        .library(name: "Artifacts", targets: ["Artifacts"]),
        .library(name: "Registry", targets: ["Registry"]),
        .library(name: "Pipeline", targets: ["Pipeline"]),
        .library(name: "Learning", targets: ["Learning"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        // MARK: Serving (issue 7): the HTTP server, its lifecycle and its metrics.
        // swift-configuration support is off: retrain-serve takes its settings from flags.
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: ["FullFoundation"]),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        // MARK: end Serving
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
        // fork/exec with a process group and PR_SET_PDEATHSIG, which Foundation's Process cannot do.
        .target(name: "CProcessSpawn"),
        // pipeline.yaml, the stage cache, runners, the coordinator, run records.
        .target(
            name: "Pipeline",
            dependencies: [
                "Artifacts", "Registry", "CProcessSpawn",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The operator CLI's commands, kept in a library so tests can reach them.
        .target(
            name: "RetrainCLI",
            dependencies: [
                "Artifacts",
                "Registry",
                "Pipeline",
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
        .target(name: "TestSupport", dependencies: ["Artifacts", "Registry"], path: "Tests/TestSupport"),
        .testTarget(name: "ArtifactsTests", dependencies: ["Artifacts", "TestSupport"]),
        .testTarget(name: "RegistryTests", dependencies: ["Registry", "Artifacts", "TestSupport"]),
        .testTarget(name: "PipelineTests", dependencies: ["Pipeline", "Registry", "Artifacts", "TestSupport"]),
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

        // MARK: Serving (issue 7): the prediction server. Hummingbird is linked here and in
        // retrain-serve only; no other target may depend on Serving.
        .target(
            name: "Serving",
            dependencies: [
                "Artifacts", "Registry", "Learning",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
        .executableTarget(
            name: "retrain-serve",
            dependencies: ["Serving", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .testTarget(
            name: "ServingTests",
            dependencies: [
                "Serving", "Artifacts", "Registry", "Learning", "TestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
        // MARK: end Serving
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
