import Artifacts
import Foundation
import Yams

/// Runs stages in containers: `docker run --rm` of the pipeline's image, or
/// `docker compose run --rm --no-deps SERVICE` (falling back to `docker-compose`).
///
/// Inputs (read-only), the output directory and the params file are bind-mounted at the same
/// paths they have on the host, so the stage contract's arguments are the same as for a local
/// process. The pipeline's directory is mounted read-only at its own path too and is the
/// container's working directory, as it is a local process's, so relative paths in params
/// (the example's `seattle-weather.csv`) resolve the same way. The container runs as the coordinator's user (`-u uid:gid`), so what it writes
/// belongs to the run. `docker run` containers get no network (`--network none`); a compose
/// service's network is what its compose file says. Only argument arrays are built — never a
/// shell string. The cache key uses the image id, so a rebuilt image is a cache miss.
///
/// The compose file: `$COMPOSE_FILE` when set (colon-separated, as docker compose reads it),
/// else the pipeline's `compose_file`, else the nearest `compose.yaml` above the pipeline file.
/// The image a compose service runs is read from `compose config`, so variables
/// (`${RETRAIN_IMAGE:-retrain:latest}`), YAML merge keys and override files resolve exactly as
/// they do for `compose run`.
struct ContainerStageRunner: StageRunner {
    let kind: PipelineSpec.RunnerKind
    let spec: PipelineSpec
    let store: BlobStore

    func identity(of stage: StageSpec, spec: PipelineSpec) throws -> (executable: String, identity: String) {
        let image = try imageName(for: stage)
        let inspect = try Self.capture(["docker", "image", "inspect", "--format", "{{.Id}}", image])
        guard inspect.status == 0, let id = inspect.output.split(separator: "\n").first.map(String.init), id.hasPrefix("sha256:") else {
            throw PipelineError.other("stage '\(stage.name)': image '\(image)' is not available to docker (build it first)")
        }
        return (image, id)
    }

    func run(_ invocation: StageInvocation, logDescriptor: Int32) async throws -> StageProcessResult {
        let name = "retrain-\(invocation.environment["RETRAIN_RUN_ID"] ?? "run")-\(invocation.stage)-\(UInt32.random(in: 0...UInt32.max))"
            .lowercased().map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : "-" }
        let containerName = String(name)
        var mounts = ["-v", "\(spec.directory):\(spec.directory):ro", "-w", spec.directory]
        for input in invocation.inputs { mounts += ["-v", "\(input.directory):\(input.directory):ro"] }
        mounts += ["-v", "\(invocation.outputDirectory):\(invocation.outputDirectory)", "-v", "\(invocation.paramsFile):\(invocation.paramsFile):ro"]
        let contract = invocation.contractArguments
        let user = ["--user", "\(getuid()):\(getgid())"]
        let passed = ["RETRAIN_RUN_ID", "RETRAIN_STAGE", "RETRAIN_AS_OF"].flatMap { ["-e", $0] }
        let arguments: [String]
        let executable: String
        switch kind {
        case .compose:
            let (program, prefix) = try composeCommand()
            executable = program
            arguments = prefix + ["run", "--rm", "--no-deps", "-T", "--name", containerName] + user + passed + mounts + [serviceName(invocation.stage)] + contract
        default:
            executable = try Self.which("docker")
            arguments = ["run", "--rm", "--network", "none", "--no-healthcheck", "--name", containerName] + user + passed + mounts
                + ["--entrypoint", spec.stage(named: invocation.stage)?.run ?? invocation.stage, spec.image] + contract
        }
        let pid = try ProcessSpawner.shared.spawn(path: executable, arguments: arguments, environment: invocation.environment,
                                                  directory: invocation.workingDirectory, outputDescriptor: logDescriptor)
        let result = await ProcessGroupSupervisor.supervise(pid: pid, timeoutSeconds: invocation.timeoutSeconds, killGraceSeconds: invocation.killGraceSeconds)
        if result.timedOut || result.exit.signal != nil {
            // Stopping the client does not stop the container; remove it by name.
            _ = try? Self.capture(["docker", "rm", "-f", containerName])
        }
        return result
    }

    private func serviceName(_ stage: String) -> String {
        spec.stage(named: stage)?.service ?? stage
    }

    private func imageName(for stage: StageSpec) throws -> String {
        guard kind == .compose else { return spec.image }
        // The configuration as compose resolves it: variables, merge keys, every file.
        let service = stage.service ?? stage.name
        let (program, prefix) = try composeCommand()
        // Compose v2 leaves services of inactive profiles out of `config`: activate them all.
        var profiles = Set<String>()
        for file in try composeFiles {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8), let root = try? Yams.load(yaml: text) as? [String: Any],
                  let services = root["services"] as? [String: Any] else { continue }
            for case let entry as [String: Any] in services.values { profiles.formUnion(entry["profiles"] as? [String] ?? []) }
        }
        let command = [program] + prefix + profiles.sorted().flatMap { ["--profile", $0] } + ["config"]
        let config = try Self.capture(command)
        guard config.status == 0 else {
            throw PipelineError.other("stage '\(stage.name)': '\(command.joined(separator: " "))' failed with status \(config.status)")
        }
        guard let root = try Yams.load(yaml: config.output) as? [String: Any], let services = root["services"] as? [String: Any],
              let entry = services[service] as? [String: Any] else {
            throw PipelineError.other("stage '\(stage.name)': no service '\(service)' in \(try composeFiles.joined(separator: ", "))")
        }
        return entry["image"] as? String ?? spec.image
    }

    private var composeFiles: [String] {
        get throws {
            if let files = ProcessInfo.processInfo.environment["COMPOSE_FILE"], !files.isEmpty {
                return files.split(separator: ":").map { $0.hasPrefix("/") ? String($0) : FileManager.default.currentDirectoryPath + "/" + $0 }
            }
            if let file = spec.composeFile { return [file.hasPrefix("/") ? file : spec.directory + "/" + file] }
            var directory = spec.directory
            while true {
                if FileManager.default.fileExists(atPath: directory + "/compose.yaml") { return [directory + "/compose.yaml"] }
                let parent = (directory as NSString).deletingLastPathComponent
                if parent == directory || parent.isEmpty { break }
                directory = parent
            }
            throw PipelineError.other("the compose runner needs a compose file: set COMPOSE_FILE or compose_file, or put compose.yaml above \(spec.file)")
        }
    }

    /// `docker compose -f FILE …` when the compose plugin exists, else `docker-compose -f FILE …`.
    private func composeCommand() throws -> (String, [String]) {
        let files = try composeFiles.flatMap { ["-f", $0] }
        if let docker = try? Self.which("docker"), (try? Self.capture([docker, "compose", "version"]))?.status == 0 {
            return (docker, ["compose"] + files)
        }
        return (try Self.which("docker-compose"), files)
    }

    static func which(_ program: String) throws -> String {
        for entry in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(entry)/\(program)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw PipelineError.other("'\(program)' is not installed (needed by the \(program == "docker" ? "docker" : "compose") runner)")
    }

    static func capture(_ command: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command[0].hasPrefix("/") ? command[0] : try which(command[0]))
        process.arguments = Array(command.dropFirst())
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
