public import Artifacts
public import Foundation

/// What the scheduler remembers about one pipeline across restarts:
/// `<store>/scheduler/<pipeline>.json`, replaced atomically (temp file, fsync, rename).
///
/// The one field that matters is `handled_through`: every fire of the pipeline at or before
/// it has been dealt with — run, skipped or recorded as missed — or came before the scheduler
/// first started. On start the scheduler looks only at fires after it, so a restart neither
/// repeats a fire nor loses one (those that fell due while it was down go through the
/// catch-up rule). The rest says what happened last, for people.
///
/// ```json
/// {
///   "handled_through": "2015-05-31T20:00:00Z",
///   "last_fire": "2015-05-31T20:00:00Z",
///   "last_outcome": "succeeded",
///   "last_run": "20260101T050000.123Z-1a2b",
///   "pipeline": "weather",
///   "schedule": "0 5 1 * *",
///   "timezone": "Asia/Seoul",
///   "updated": "2015-05-31T20:00:00Z"
/// }
/// ```
/// `last_outcome` is `started` while the run of `last_fire` goes on, then the run's status
/// (`succeeded`, `up_to_date`, `rejected`, `failed`, `skipped`), or `missed`.
public struct SchedulerState: Codable, Sendable, Equatable {
    public var pipeline: String
    public var schedule: String
    public var timezone: String
    public var handledThrough: Date
    public var lastFire: Date?
    public var lastOutcome: String?
    public var lastRun: String?
    /// When the scheduler wrote this (its clock).
    public var updated: Date

    public init(pipeline: String, schedule: String, timezone: String, handledThrough: Date, lastFire: Date? = nil,
                lastOutcome: String? = nil, lastRun: String? = nil, updated: Date) {
        self.pipeline = pipeline
        self.schedule = schedule
        self.timezone = timezone
        self.handledThrough = handledThrough
        self.lastFire = lastFire
        self.lastOutcome = lastOutcome
        self.lastRun = lastRun
        self.updated = updated
    }

    enum CodingKeys: String, CodingKey {
        case pipeline, schedule, timezone, updated
        case handledThrough = "handled_through", lastFire = "last_fire", lastOutcome = "last_outcome", lastRun = "last_run"
    }
}

/// Reads and writes the scheduler's state files under `<store>/scheduler/`.
public struct SchedulerStateStore: Sendable {
    public let directory: String

    public init(store: BlobStore) {
        directory = store.root + "/scheduler"
    }

    public func path(of pipeline: String) -> String { directory + "/\(pipeline).json" }

    /// The pipeline's state, or nil when the scheduler never ran it with this store.
    public func load(_ pipeline: String) throws -> SchedulerState? {
        let path = path(of: pipeline)
        guard FileSystem.exists(path) else { return nil }
        do {
            return try Self.decoder.decode(SchedulerState.self, from: Data(FileSystem.readFile(path)))
        } catch let error as DecodingError {
            throw SchedulerError.badState(path: path, "not a valid scheduler state file (\(Self.describe(error))); move it away to start afresh")
        }
    }

    public func save(_ state: SchedulerState) throws {
        try FileSystem.makeDirectories(directory)
        try FileSystem.writeAtomically(Array(Self.encoder.encode(state)) + [0x0a], to: path(of: state.pipeline))
    }

    private static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(Self.format(date))
        }
        return encoder
    }

    private static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = UTCTimestamp.parse(text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not an ISO 8601 date-time")
            }
            return date
        }
        return decoder
    }

    /// UTC, with milliseconds only when the instant has them (fires are whole seconds).
    static func format(_ date: Date) -> String {
        let hasFraction = date.timeIntervalSince1970.truncatingRemainder(dividingBy: 1) != 0
        return hasFraction ? UTCTimestamp.milliseconds(date) : UTCTimestamp.seconds(date)
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case let .keyNotFound(key, _): return "'\(key.stringValue)' is missing"
        case let .typeMismatch(_, context), let .valueNotFound(_, context), let .dataCorrupted(context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? context.debugDescription : "\(path): \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}
