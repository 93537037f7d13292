import ArgumentParser
import Foundation
import Pipeline
import Scheduler

/// `retrain crontab`: crontab lines that run pipelines from host cron, ready to paste.
struct CrontabCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crontab",
        abstract: "Print crontab lines (with CRON_TZ) that run pipelines on their schedules from host cron.",
        discussion: """
            Paste the output at the end of `crontab -e`. CRON_TZ is cronie's; Debian's and Ubuntu's cron ignore it \
            and read schedules in the system's time zone. Each run appends to <log-dir>/retrain-<pipeline>.log. \
            With --compose the line runs `retrain run` in the compose service `pipeline` \
            (`docker compose run --rm --entrypoint retrain pipeline run …`) from the compose file's directory.
            """
    )

    @OptionGroup var store: StoreOptions
    @OptionGroup var pipelines: PipelineFilesOptions
    @Flag(help: "Run the pipeline through `docker compose run --rm <service>` instead of this retrain.") var compose = false
    @Option(help: ArgumentHelp("The compose file (default: the pipeline's compose_file, else the nearest compose.yaml above it).", valueName: "file"))
    var composeFile: String?
    @Option(help: "The compose service that runs `retrain run`.") var service = "pipeline"
    @Option(help: ArgumentHelp("Where the log files go (default: <store>/logs; created).", valueName: "dir")) var logDir: String?
    @Option(help: ArgumentHelp("The retrain executable the lines call (default: this one).", valueName: "path")) var retrain: String?

    func run() throws {
        let scheduled = try pipelines.files.map(ScheduledPipeline.load(file:))
        let logDirectory = absolute(logDir ?? store.storeRoot + "/logs")
        try FileManager.default.createDirectory(atPath: logDirectory, withIntermediateDirectories: true)
        let invocation: CrontabEntry.Invocation
        if compose {
            let file = try composeFile.map(absolute) ?? Self.findComposeFile(for: scheduled[0])
            invocation = .compose(command: Self.composeCommand(), file: file, service: service)
        } else {
            invocation = .host(retrain: absolute(retrain ?? Self.currentExecutable()), store: absolute(store.storeRoot))
        }
        print(CrontabEntry.crontab(for: scheduled, invocation: invocation, logDirectory: logDirectory), terminator: "")
    }

    private func absolute(_ path: String) -> String {
        let full = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        return (full as NSString).standardizingPath
    }

    /// This process's executable, by `/proc/self/exe` where there is one.
    static func currentExecutable() -> String {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return path }
        return CommandLine.arguments[0]
    }

    /// The pipeline's `compose_file`, else the nearest compose file in its directory or above.
    static func findComposeFile(for pipeline: ScheduledPipeline) throws -> String {
        if let named = pipeline.spec.composeFile {
            return ((named.hasPrefix("/") ? named : pipeline.spec.directory + "/" + named) as NSString).standardizingPath
        }
        var directory = (pipeline.spec.directory as NSString).standardizingPath
        while true {
            for name in ["compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml"] where FileManager.default.fileExists(atPath: directory + "/" + name) {
                return directory + "/" + name
            }
            let parent = (directory as NSString).deletingLastPathComponent
            guard parent != directory, !parent.isEmpty else { break }
            directory = parent
        }
        throw ValidationError("no compose.yaml in \(pipeline.spec.directory) or above it: pass --compose-file")
    }

    /// `docker compose` where the plugin answers, else `docker-compose`, by absolute path (cron's PATH is short).
    static func composeCommand() -> [String] {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
        func which(_ program: String) -> String? {
            path.map { $0 + "/" + program }.first { FileManager.default.isExecutableFile(atPath: $0) }
        }
        if let docker = which("docker") {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: docker)
            process.arguments = ["compose", "version"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            if (try? process.run()) != nil {
                process.waitUntilExit()
                if process.terminationStatus == 0 { return [docker, "compose"] }
            }
        }
        if let legacy = which("docker-compose") { return [legacy] }
        return ["docker", "compose"]
    }
}
