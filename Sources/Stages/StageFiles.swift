import Foundation
import Learning
import StageContract

/// Reading a stage's inputs and writing its outputs with the contract's exit codes: an
/// input that cannot be read or makes no sense is bad input (65, a retry reads the same
/// bytes), an output that cannot be written is a failure a retry may cure (1).
enum StageFiles {
    /// Runs `body`, turning any error other than a `StageFailure` into bad input prefixed
    /// with `context`.
    static func reading<T>(_ context: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let failure as StageFailure {
            throw failure
        } catch let error as DecodingError {
            throw StageFailure.badInput("\(context): \(describe(error))")
        } catch {
            throw StageFailure.badInput("\(context): \(error)")
        }
    }

    /// Runs `body`, turning any error other than a `StageFailure` into a retryable failure.
    @discardableResult
    static func writing<T>(_ context: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let failure as StageFailure {
            throw failure
        } catch {
            throw StageFailure.failure("cannot write \(context): \(error)")
        }
    }

    /// The bytes of the file `name` in the input directory `directory`.
    static func data(_ name: String, in directory: URL, input: String) throws -> Data {
        let url = directory.appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw StageFailure.badInput("--input \(input): \(name) is missing (is \(directory.path) the right stage's output?)")
        }
        return try reading("--input \(input): \(name)") {
            do {
                return try Data(contentsOf: url)
            } catch {
                throw StageFailure.failure("--input \(input): cannot read \(name): \((error as NSError).localizedDescription)")
            }
        }
    }

    /// Decodes the JSON file `name` in `directory`.
    static func decode<T: Decodable>(_ type: T.Type, _ name: String, in directory: URL, input: String) throws -> T {
        let bytes = try data(name, in: directory, input: input)
        return try reading("--input \(input): \(name)") { try JSONDecoder().decode(T.self, from: bytes) }
    }

    /// Writes `value` as stable JSON to `name` in `directory`.
    static func write(_ value: some Encodable, _ name: String, in directory: URL) throws {
        try writing(name) { try StableJSON.encode(value).write(to: directory.appendingPathComponent(name)) }
    }

    /// Creates the directory `name` inside `directory`.
    static func makeDirectory(_ name: String, in directory: URL) throws -> URL {
        let url = directory.appendingPathComponent(name, isDirectory: true)
        try writing(name) { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) }
        return url
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let text = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            return text.isEmpty ? "" : "\(text): "
        }
        switch error {
        case .dataCorrupted(let context): return path(context) + context.debugDescription
        case .keyNotFound(let key, let context): return path(context) + "missing key \"\(key.stringValue)\""
        case .typeMismatch(_, let context), .valueNotFound(_, let context): return path(context) + context.debugDescription
        @unknown default: return "\(error)"
        }
    }
}
