import CProcessSpawn
import Foundation

/// Starts stage processes from one dedicated thread that lives as long as the process.
///
/// Linux ties `PR_SET_PDEATHSIG` to the *thread* that forked the child. Forking from a
/// Dispatch or Swift-concurrency worker would kill the child whenever that worker thread
/// retires; forking from this permanent thread means the signal fires only when the whole
/// coordinator dies — including by SIGKILL, when no cleanup code can run.
final class ProcessSpawner: @unchecked Sendable {
    // @unchecked: `requests` is only touched while holding `condition`.
    static let shared = ProcessSpawner()

    private struct Request {
        var path: String
        var arguments: [String]
        var environment: [String: String]
        var directory: String
        var outputDescriptor: Int32
        var reply: @Sendable (Result<pid_t, any Error>) -> Void
    }

    private let condition = NSCondition()
    private var requests: [Request] = []

    private init() {
        let thread = Thread { [unowned self] in self.serve() }
        thread.name = "retrain-spawner"
        thread.start()
    }

    /// Starts `path` in its own process group; returns its pid (= its process group id).
    func spawn(path: String, arguments: [String], environment: [String: String], directory: String, outputDescriptor: Int32) throws -> pid_t {
        let done = DispatchSemaphore(value: 0)
        let box = ResultBox()
        condition.lock()
        requests.append(Request(path: path, arguments: arguments, environment: environment, directory: directory, outputDescriptor: outputDescriptor) { result in
            box.result = result
            done.signal()
        })
        condition.signal()
        condition.unlock()
        done.wait()
        return try box.result?.get() ?? { throw PipelineError.other("spawner returned nothing") }()
    }

    private func serve() {
        while true {
            condition.lock()
            while requests.isEmpty { condition.wait() }
            let request = requests.removeFirst()
            condition.unlock()
            request.reply(Self.start(request))
        }
    }

    private static func start(_ request: Request) -> Result<pid_t, any Error> {
        let argv = ([request.path] + request.arguments).map { strdup($0) } + [nil]
        let envp = request.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid = retrain_spawn(request.path, argv, envp, request.directory, request.outputDescriptor)
        // ETXTBSY: another thread's fork briefly inherited a descriptor writing this file (a
        // script just written); it closes at that child's exec, so a short retry succeeds.
        var retries = 0
        while pid < 0 && errno == ETXTBSY && retries < 50 {
            usleep(10_000)
            retries += 1
            pid = retrain_spawn(request.path, argv, envp, request.directory, request.outputDescriptor)
        }
        if pid < 0 {
            return .failure(PipelineError.other("cannot start '\(request.path)': \(String(cString: strerror(errno)))"))
        }
        return .success(pid)
    }
}

/// Carries the spawn result across the semaphore (written before `signal`, read after `wait`).
private final class ResultBox: @unchecked Sendable {
    var result: Result<pid_t, any Error>?
}
