/// One instance's named feature values, in the order they were given, each name once: what
/// the prediction server parses a request instance into when it cannot read the request
/// straight into feature rows (``FeatureRowEncoder``), and what the skew check and the
/// champion's scoring hand to ``InferenceModule`` too, so all of them run the same code.
///
/// An array of fields rather than a `[String: FeatureValue]`: a one-instance prediction built
/// and read a dictionary per instance, hashing every name twice (once to insert, once to
/// look up): ~0.4 µs of hashing in a handler of ~4.7 µs (`perf` under scripts/bench/serve).
/// A client usually sends the fields in the schema's order, so ``value(named:at:)`` is given
/// the position to try first; a wide record (more than ``indexedWidth`` fields) keeps a name
/// index, so a lookup or a duplicate check never scans a long list.
public struct FeatureRecord: Sendable, Equatable, FeatureInstance {
    /// One named value.
    public struct Field: Sendable, Equatable {
        public var name: String
        public var value: FeatureValue
    }

    /// The fields, in the order they were inserted. (A struct, not a tuple: an array of tuples
    /// is destroyed through the runtime's generic tuple witness, field by field.)
    public private(set) var fields: [Field] = []
    /// Each name's position in ``fields``, kept once the record is wider than ``indexedWidth``.
    private var index: [String: Int]?

    /// The width above which names are indexed rather than scanned.
    public static let indexedWidth = 16

    public init() {}

    /// A record of `fields`; a repeated name keeps its first value.
    public init(_ fields: some Sequence<(String, FeatureValue)>) {
        for (name, value) in fields { _ = insert(value, named: name) }
    }

    /// Room for `count` fields without growing.
    public mutating func reserveCapacity(_ count: Int) {
        fields.reserveCapacity(count)
    }

    public var count: Int { fields.count }

    public var isEmpty: Bool { fields.isEmpty }

    /// The value of `name`, nil when the record has no such field.
    public subscript(name: String) -> FeatureValue? {
        value(named: name, at: -1)
    }

    /// Adds the field `name`; returns false, and changes nothing, when the record has it already.
    public mutating func insert(_ value: FeatureValue, named name: String) -> Bool {
        guard position(of: name) == nil else { return false }
        if index != nil {
            index?[name] = fields.count
        } else if fields.count == Self.indexedWidth {
            var names = [String: Int](minimumCapacity: fields.count * 2)
            for (position, field) in fields.enumerated() { names[field.name] = position }
            names[name] = fields.count
            index = names
        }
        fields.append(Field(name: name, value: value))
        return true
    }

    /// The value of `name`, trying position `hint` first; nil when the record has no such field.
    public func value(named name: String, at hint: Int) -> FeatureValue? {
        if hint >= 0, hint < fields.count, fields[hint].name == name { return fields[hint].value }
        return position(of: name).map { fields[$0].value }
    }

    public var names: [String] { fields.map(\.name) }

    /// The fields as a dictionary (for `self_check.json`, which stores instances as objects).
    public var dictionary: [String: FeatureValue] {
        Dictionary(fields.lazy.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
    }

    private func position(of name: String) -> Int? {
        if let index { return index[name] }
        return fields.firstIndex { $0.name == name }
    }

    /// Records are equal when they hold the same names with the same values, in any order.
    public static func == (lhs: FeatureRecord, rhs: FeatureRecord) -> Bool {
        lhs.count == rhs.count && lhs.fields.allSatisfy { rhs[$0.name] == $0.value }
    }
}

extension FeatureRecord: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, FeatureValue)...) {
        self.init(elements)
    }
}
