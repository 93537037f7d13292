// swift-tools-version:6.2
import PackageDescription

/// How the batch executables — `retrain` and the five stages, started for every run — are
/// linked.
///
/// - Without exporting their symbols: the static Swift runtime's link arguments add
///   `-export-dynamic`, which put ~34,000 symbols in each executable's dynamic table for the
///   loader to hash and for the runtime's start-up `dladdr` to walk; nothing looks them up
///   (crash traces read the file's own symbol table). A no-op `retrain run` (two processes)
///   is ~6 ms faster.
/// - With the `StaticSwiftRuntime` trait (`swift build --static-swift-stdlib --traits
///   StaticSwiftRuntime`, as the Docker image and `scripts/bench/* --static` build): not
///   position-independent, so the loader applies none of the ~125,000 relocations a PIE
///   needs and the pages they would touch stay shared — ~3 ms more. Only with the runtime
///   linked statically: against the shared Swift runtime a non-PIE executable takes the
///   address of the runtime's protected functions directly, which glibc's loader warns about.
///   These are short batch processes; retrain-serve, long-running and network-facing, keeps
///   PIE and its address randomisation.
///
/// Figures: docs/bench/noop.md.
let batchExecutableLinking: [LinkerSetting] = [
    .unsafeFlags(["-Xlinker", "--no-export-dynamic"]),
    .unsafeFlags(["-Xclang-linker", "-no-pie"], .when(traits: ["StaticSwiftRuntime"])),
]

let package = Package(
    name: "retrain",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "retrain", targets: ["retrain"]),
        .executable(name: "retrain-collect", targets: ["retrain-collect"]),
        .executable(name: "retrain-preprocess", targets: ["retrain-preprocess"]),
        .executable(name: "retrain-train", targets: ["retrain-train"]),
        .executable(name: "retrain-evaluate", targets: ["retrain-evaluate"]),
        .executable(name: "retrain-build", targets: ["retrain-build"]),
        .executable(name: "retrain-serve", targets: ["retrain-serve"]),
        .library(name: "Artifacts", targets: ["Artifacts"]),
        .library(name: "Registry", targets: ["Registry"]),
        .library(name: "Pipeline", targets: ["Pipeline"]),
        .library(name: "Learning", targets: ["Learning"]),
        .library(name: "StageContract", targets: ["StageContract"]),
        .library(name: "DataCollection", targets: ["DataCollection"]),
        .library(name: "Stages", targets: ["Stages"]),
        .library(name: "Distribution", targets: ["Distribution"]),
    ],
    traits: [
        .trait(name: "StaticSwiftRuntime", description: "The build links the Swift runtime statically (--static-swift-stdlib): the batch executables are linked without PIE."),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        // Data collection (issue 3): SQL sources.
        .package(url: "https://github.com/vapor/sqlite-nio.git", exact: "1.13.2"),
        .package(url: "https://github.com/vapor/postgres-nio.git", exact: "1.33.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        // MARK: Serving (issue 7): the HTTP server and its metrics.
        // swift-configuration support is off: retrain-serve takes its settings from flags.
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: ["FullFoundation"]),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        // Distribution (issue 11): the OCI distribution client speaks HTTP through this.
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
    ],
    targets: [
        // zlib from the system (Debian: zlib1g-dev), for gzip streams.
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        // Progress lines on stderr: updating on a terminal, plain and periodic in logs.
        .target(name: "ProgressReporting"),
        // Digests, gzip streams, deterministic bundles, the blob store, the OCI layout.
        .target(
            name: "Artifacts",
            dependencies: [
                "CZlib", "CivilDays",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Model versions, aliases, promotion history, gc, OCI tags.
        .target(name: "Registry", dependencies: ["Artifacts"]),
        // fork/exec with a process group and PR_SET_PDEATHSIG, which Foundation's Process cannot do.
        .target(name: "CProcessSpawn"),
        // Days since 1970 ↔ calendar dates: one copy for Artifacts, Learning and Scheduling.
        .target(name: "CivilDays"),
        // pipeline.yaml, the stage cache, runners, the coordinator, run records.
        .target(
            name: "Pipeline",
            dependencies: [
                "Artifacts", "Registry", "CProcessSpawn", "ProgressReporting",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
                // The notification webhook.
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        // The operator's report: self-contained HTML with inline SVG charts.
        .target(name: "Reporting", dependencies: ["Artifacts", "Registry", "Pipeline"]),
        // The operator CLI's commands, kept in a library so tests can reach them.
        .target(
            name: "RetrainCLI",
            dependencies: [
                "Artifacts",
                "Registry",
                "Pipeline",
                "Reporting",
                "ProgressReporting",
                "Distribution",
                "SchedulingCLI",
                "Scheduling",
                "Scheduler",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "retrain",
            dependencies: ["RetrainCLI", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            linkerSettings: batchExecutableLinking
        ),

        // Shared fixtures for the test targets: temporary directories, trees, child processes.
        .target(
            name: "TestSupport",
            dependencies: ["Artifacts", "Registry", .product(name: "Crypto", package: "swift-crypto")],
            path: "Tests/TestSupport"
        ),
        .testTarget(name: "ArtifactsTests", dependencies: ["Artifacts", "TestSupport"]),
        .testTarget(name: "ProgressReportingTests", dependencies: ["ProgressReporting"]),
        .testTarget(name: "RegistryTests", dependencies: ["Registry", "Artifacts", "TestSupport"]),
        .testTarget(name: "PipelineTests", dependencies: ["Pipeline", "Registry", "Artifacts", "TestSupport"]),
        // The report of a real backfill of the example: the executables are dependencies so
        // that building the tests builds them.
        .testTarget(
            name: "ReportingTests",
            dependencies: [
                "Reporting", "Pipeline", "Registry", "Artifacts", "TestSupport",
                "retrain", "retrain-collect", "retrain-preprocess", "retrain-train", "retrain-evaluate", "retrain-build",
            ]
        ),
        // The executables as users run them; depending on them makes `swift test` build them.
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "TestSupport", "retrain", "retrain-collect",
                "retrain-preprocess", "retrain-train", "retrain-evaluate", "retrain-build",
            ]
        ),

        // MARK: Scheduling (issue 8)
        // Cron expressions and their fire times in an IANA time zone; Foundation only.
        .target(name: "Scheduling", dependencies: ["CivilDays"]),
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
        // The scheduler service (sleeps until each pipeline's next fire, runs it through the
        // coordinator, catch-up, reload, graceful shutdown), crontab lines and backfill.
        // Apart from Scheduling so the cron core stays dependency-free.
        .target(
            name: "Scheduler",
            dependencies: [
                "Scheduling", "Pipeline", "Artifacts",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "SchedulerTests",
            dependencies: [
                "Scheduler", "Scheduling", "Pipeline", "Artifacts", "TestSupport",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle"),
            ]
        ),
        // MARK: end Scheduling

        // MARK: Data collection (issue 3): the stage contract, tables, retrain-collect.
        // The contract every stage executable follows: arguments, strict params, exit codes,
        // metrics.json. Light on purpose: every stage links it.
        .target(
            name: "StageContract",
            dependencies: [.product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // Tables, the columnar format, the CSV reader; dense matrices, the feature transform,
        // estimators and metrics (scikit-learn's numbers).
        .target(name: "Learning", dependencies: ["CivilDays"]),
        // Sources (CSV, SQLite, PostgreSQL), time windows, rejected rows, the collect command.
        .target(
            name: "DataCollection",
            dependencies: [
                "Learning",
                "StageContract",
                "ProgressReporting",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "retrain-collect",
            dependencies: ["DataCollection", "StageContract"], linkerSettings: batchExecutableLinking
        ),
        .testTarget(name: "StageContractTests", dependencies: ["StageContract", "TestSupport"]),
        .testTarget(name: "LearningTests", dependencies: ["Learning", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(
            name: "DataCollectionTests",
            dependencies: [
                "DataCollection", "Learning", "StageContract", "TestSupport",
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
            ]
        ),
        // Benchmark harness for scripts/bench/fit; not a shipped product.
        .executableTarget(name: "learning-bench", dependencies: ["Learning"]),

        // MARK: Stages (issue 4): preprocess, train, evaluate, build over Learning.
        // The four stage commands. Learning, the contract and SHA-256; never NIO, SQL or HTTP.
        .target(
            name: "Stages",
            dependencies: [
                "Learning",
                "StageContract",
                "ProgressReporting",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .executableTarget(
            name: "retrain-preprocess", dependencies: ["Stages", "StageContract"], linkerSettings: batchExecutableLinking
        ),
        .executableTarget(
            name: "retrain-train", dependencies: ["Stages", "StageContract"], linkerSettings: batchExecutableLinking
        ),
        .executableTarget(
            name: "retrain-evaluate", dependencies: ["Stages", "StageContract"], linkerSettings: batchExecutableLinking
        ),
        .executableTarget(
            name: "retrain-build", dependencies: ["Stages", "StageContract"], linkerSettings: batchExecutableLinking
        ),
        // The stages as real processes against scikit-learn's fixtures; the executables are
        // dependencies so that building the tests builds them.
        .testTarget(
            name: "StagesTests",
            dependencies: [
                "Stages", "Learning", "StageContract", "TestSupport",
                "retrain-collect", "retrain-preprocess", "retrain-train", "retrain-evaluate", "retrain-build",
            ]
        ),

        // MARK: Serving (issue 7): the prediction server. Hummingbird is linked here and in
        // retrain-serve only; no other target may depend on Serving.
        .target(
            name: "Serving",
            dependencies: [
                "Artifacts", "Registry", "Learning", "Distribution", "CivilDays",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
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
                // The live tests run these as users do; depending on them builds them.
                "retrain-serve", "retrain", "retrain-collect",
                "retrain-preprocess", "retrain-train", "retrain-evaluate", "retrain-build",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
            ]
        ),
        // MARK: end Serving

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
