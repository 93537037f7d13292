/// Turns each string column into one indicator column per training category:
/// `OneHotEncoder(handle_unknown="ignore")`.
///
/// Categories are the distinct training values sorted by Unicode scalar values (Python's
/// string order, which scikit-learn uses), with the missing value (`nil`) last when it
/// occurred in training: scikit-learn treats None/NaN as a category of its own then. At
/// transform time a value not among the categories — a new string, or a missing value when
/// training had none — gets all zeros. Strings are compared by their UTF-8 bytes (Unicode
/// scalars), never by Swift's canonical equivalence, so "é" and "e\u{301}" stay two
/// categories as in Python.
public struct OneHotEncoder: Sendable, Codable, Equatable {
    /// Sorted categories of each column (`categories_`); `nil` is the missing category.
    public let categories: [[String?]]

    public init(categories: [[String?]]) {
        self.categories = categories
        self.lookup = categories.map(Self.makeLookup)
        self.utf8Categories = categories.map { column in column.map { $0.map { Array($0.utf8) } } }
    }

    private enum CodingKeys: String, CodingKey { case categories }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(categories: try container.decode([[String?]].self, forKey: .categories))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(categories, forKey: .categories)
    }

    public static func == (lhs: OneHotEncoder, rhs: OneHotEncoder) -> Bool {
        lhs.categories.count == rhs.categories.count
            && zip(lhs.categories, rhs.categories).allSatisfy { a, b in
                a.count == b.count && zip(a, b).allSatisfy { CategoryKey($0) == CategoryKey($1) }
            }
    }

    private let lookup: [[CategoryKey: Int]]
    /// The categories as UTF-8, for ``categoryIndex(utf8:column:)``.
    private let utf8Categories: [[[UInt8]?]]

    /// Learns the categories of `columns`.
    public static func fit(_ columns: [[String?]]) -> OneHotEncoder {
        OneHotEncoder(
            categories: columns.map { values in
                var seen = Set<CategoryKey>()
                var hasMissing = false
                var distinct = [String]()
                for value in values {
                    guard let value else {
                        hasMissing = true
                        continue
                    }
                    // Few categories: byte comparisons beat hashing; many: the set.
                    if distinct.count <= Self.linearSearchLimit {
                        if distinct.contains(where: { CategoryKey.utf8Equal($0, value) }) { continue }
                        distinct.append(value)
                        if distinct.count > Self.linearSearchLimit { seen = Set(distinct.map(CategoryKey.init)) }
                    } else if seen.insert(CategoryKey(value)).inserted {
                        distinct.append(value)
                    }
                }
                distinct.sort(by: CategoryKey.utf8Precedes)
                return distinct.map(Optional.some) + (hasMissing ? [nil] : [])
            })
    }

    /// Output columns of column `index`.
    public func width(column index: Int) -> Int { categories[index].count }

    /// Position of `value` among column `index`'s categories, or nil when unknown.
    public func categoryIndex(of value: String?, column index: Int) -> Int? {
        let categories = self.categories[index]
        guard categories.count <= Self.linearSearchLimit else { return lookup[index][CategoryKey(value)] }
        guard let value else { return categories.lastIndex(of: nil) }
        return categories.firstIndex { $0.map { CategoryKey.utf8Equal($0, value) } ?? false }
    }

    /// Position of the string whose UTF-8 bytes are `bytes` among column `index`'s categories,
    /// or nil when unknown: what ``categoryIndex(of:column:)`` gives for that string, without
    /// making it (the prediction server reading a request's bytes).
    public func categoryIndex(utf8 bytes: UnsafeRawBufferPointer, column index: Int) -> Int? {
        let categories = utf8Categories[index]
        guard categories.count <= Self.linearSearchLimit else {
            return lookup[index][CategoryKey(String(decoding: bytes, as: UTF8.self))]
        }
        return categories.firstIndex { $0?.equalsBytes(bytes) ?? false }
    }

    /// Category counts up to which a linear scan replaces hashing.
    static let linearSearchLimit = 16

    private static func makeLookup(_ categories: [String?]) -> [CategoryKey: Int] {
        var lookup = [CategoryKey: Int]()
        for (position, category) in categories.enumerated() { lookup[CategoryKey(category)] = position }
        return lookup
    }
}
