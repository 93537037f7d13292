/// A dictionary-encoded string column: distinct values once, and one code per row.
///
/// Categorical data repeats a few values many times, so storing each distinct value once
/// keeps tables small and makes "which categories exist" a look at the dictionary. Codes
/// index `dictionary`; `StringColumn.missing` (-1) marks a missing value. The dictionary is
/// in order of first appearance and may hold values no row uses after `taking(rows:)`.
public struct StringColumn: Sendable, Hashable {
    /// The code of a missing value.
    public static let missing: Int32 = -1

    /// The distinct values.
    public let dictionary: [String]
    /// One code per row: an index into `dictionary`, or `missing`.
    public let codes: [Int32]

    /// Builds a column; every code must be `missing` or a valid index into `dictionary`.
    public init(dictionary: [String], codes: [Int32]) throws(TableError) {
        let count = Int32(dictionary.count)
        if let bad = codes.firstIndex(where: { $0 < StringColumn.missing || $0 >= count }) {
            throw TableError.invalidCode(row: bad, code: codes[bad], dictionarySize: dictionary.count)
        }
        self.dictionary = dictionary
        self.codes = codes
    }

    /// Builds a column from optional values, numbering them in order of first appearance.
    public init(_ values: [String?]) {
        var index: [String: Int32] = [:]
        var dictionary: [String] = []
        var codes: [Int32] = []
        codes.reserveCapacity(values.count)
        for value in values {
            guard let value else {
                codes.append(StringColumn.missing)
                continue
            }
            if let code = index[value] {
                codes.append(code)
            } else {
                let code = Int32(dictionary.count)
                index[value] = code
                dictionary.append(value)
                codes.append(code)
            }
        }
        self.dictionary = dictionary
        self.codes = codes
    }

    init(uncheckedDictionary dictionary: [String], codes: [Int32]) {
        self.dictionary = dictionary
        self.codes = codes
    }

    /// The number of rows.
    public var count: Int { codes.count }

    /// The value in `row`, or nil when it is missing.
    public subscript(row: Int) -> String? {
        let code = codes[row]
        return code == StringColumn.missing ? nil : dictionary[Int(code)]
    }

    /// The values, with nil for missing ones.
    public var values: [String?] {
        codes.map { $0 == StringColumn.missing ? nil : dictionary[Int($0)] }
    }
}
