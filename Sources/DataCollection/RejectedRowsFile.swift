import Foundation
import Learning
import StageContract

/// `rejected.csv`: every row collect set aside, with where it came from and why.
///
/// Columns: `source` (the file, relative to the source path, or `query`), `line` (the line
/// the record starts on, as an editor counts; for a query, the result row number), `reason`,
/// `record` (the raw record text). Written as rows are rejected, so a source of bad rows
/// does not fill memory; the first five are kept for the error message.
final class RejectedRowsFile {
    private let handle: FileHandle
    private(set) var count = 0
    private(set) var firstFive: [String] = []

    init(directory: URL) throws {
        let url = directory.appendingPathComponent("rejected.csv")
        do {
            handle = try OutputFile.create(url.path)
        } catch {
            throw CollectError.failure("cannot create \(url.path)")
        }
        try handle.write(contentsOf: Data("source,line,reason,record\n".utf8))
    }

    func append(source: String, line: Int, reason: String, record: String) throws {
        count += 1
        if firstFive.count < 5 {
            firstFive.append("\(source):\(line): \(reason)")
        }
        let row = [Self.field(source), String(line), Self.field(reason), Self.field(record)].joined(separator: ",") + "\n"
        try handle.write(contentsOf: Data(row.utf8))
    }

    func close() throws {
        try handle.close()
    }

    /// A CSV field, quoted when it holds a comma, a quote or a line break.
    static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
