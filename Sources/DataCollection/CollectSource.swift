/// Where collect reads from: CSV files, an SQLite file, or a PostgreSQL server.
///
/// Decoded from the params' `source` object by its `kind`; each kind reads only its own keys,
/// so a key of another kind (`query` on a CSV source) is reported as unknown.
public enum CollectSource: Sendable, Hashable, Decodable {
    /// A CSV file, or a directory whose `*.csv` files are read in name order.
    case csv(path: String)
    /// An SQLite database file and the query whose rows are the data.
    case sqlite(path: String, query: String)
    /// A PostgreSQL server whose URL is in the environment variable `urlEnvironment`, and the
    /// query. The URL is a secret: it never appears in messages, logs or outputs.
    case postgres(urlEnvironment: String, query: String)

    private enum CodingKeys: String, CodingKey {
        case kind, path, query
        case urlEnvironment = "url_env"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try container.decode(String.self, forKey: .kind)
        switch kind {
        case "csv":
            self = .csv(path: try container.decode(String.self, forKey: .path))
        case "sqlite":
            self = .sqlite(
                path: try container.decode(String.self, forKey: .path),
                query: try container.decode(String.self, forKey: .query)
            )
        case "postgres":
            self = .postgres(
                urlEnvironment: try container.decode(String.self, forKey: .urlEnvironment),
                query: try container.decode(String.self, forKey: .query)
            )
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .kind, in: container,
                debugDescription: "unknown source kind \"\(kind)\" (expected csv, sqlite or postgres)"
            )
        }
    }
}
