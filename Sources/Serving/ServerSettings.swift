/// How the prediction server listens and what it accepts: the flags of `retrain-serve`.
public struct ServerSettings: Sendable, Equatable {
    /// The address to bind (127.0.0.1 by default: exposing the server is a deliberate choice).
    public var host: String = "127.0.0.1"
    /// The port; 0 picks a free one (tests).
    public var port: Int = 8080
    /// The largest request body accepted, in bytes (413 above it).
    public var maxBody: Int = 1 << 20
    /// The most instances one request may carry (400 above it).
    public var maxInstances: Int = 10_000
    /// How often the model source is polled for a move.
    public var pollInterval: Duration = .milliseconds(250)
    /// How long SIGTERM waits for in-flight requests before cutting them.
    public var drainTimeout: Duration = .seconds(10)
    /// SwiftNIO event loops (threads) for the connections. One by default: it answered ~33k
    /// predicts or ~44k health checks a second on this project's 2-core machine, and leaves
    /// the other cores to batch scoring (the router's tasks run on Swift's global executor)
    /// and to the rest of the machine; with a loop per core the tail grew from ~4 to 5–8 ms at p99
    /// under 64 connections, because the loops were preempted by everything else
    /// (docs/bench/serve.md). More loops for a server with cores to itself and more traffic.
    public var eventLoops: Int = 1

    public init() {}
}
