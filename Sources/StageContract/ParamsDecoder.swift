public import Foundation

/// Decodes a stage's params JSON into a `Decodable` type, strictly.
///
/// Strict means: a key the type does not read is an error naming the key and its line (a
/// misspelt `windw` must not silently fall back to a default), JSON syntax errors name the
/// line and column, and type errors name the key path. Decoding goes through a `Decoder`
/// over a position-keeping parse tree; after decoding, every object's keys are checked
/// against the keys the type asked for.
public struct ParamsDecoder: Sendable {
    public init() {}

    /// Reads and decodes the params file at `path`.
    public func decode<T: Decodable>(_ type: T.Type, fromFile path: String) throws -> T {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ParamsError.unreadable(file: path, reason: (error as NSError).localizedDescription)
        }
        return try decode(type, from: data, file: path)
    }

    /// Decodes `data`; `file` is the name errors use.
    public func decode<T: Decodable>(_ type: T.Type, from data: Data, file: String) throws -> T {
        let root: JSONNode
        do {
            root = try JSONParser.parse([UInt8](data))
        } catch {
            throw ParamsError.syntax(file: file, line: error.line, column: error.column, message: error.message)
        }
        let state = StrictDecodingState(file: file)
        let decoder = StrictDecoder(node: root, codingPath: [], state: state)
        let value: T
        do {
            value = try T(from: decoder)
        } catch let error as ParamsError {
            throw error
        } catch let error as DecodingError {
            throw state.paramsError(for: error, root: root)
        }
        try state.checkUnknownKeys()
        return value
    }
}

/// What one decoding run has seen: the objects opened and the keys read from each.
final class StrictDecodingState {
    final class ObjectRecord {
        let path: [String]
        let members: [JSONNode.Member]
        var readKeys = Set<String>()

        init(path: [String], members: [JSONNode.Member]) {
            self.path = path
            self.members = members
        }
    }

    let file: String
    private var objects: [ObjectRecord] = []

    init(file: String) {
        self.file = file
    }

    func register(path: [String], members: [JSONNode.Member]) -> ObjectRecord {
        let record = ObjectRecord(path: path, members: members)
        objects.append(record)
        return record
    }

    /// Throws for the unknown key that comes first in the file.
    func checkUnknownKeys() throws {
        var first: (line: Int, path: String)?
        for object in objects {
            for member in object.members where !object.readKeys.contains(member.key) {
                if first == nil || member.line < first?.line ?? Int.max {
                    first = (member.line, Self.pathString(object.path + [member.key]))
                }
            }
        }
        if let first {
            throw ParamsError.unknownKey(file: file, line: first.line, path: first.path)
        }
    }

    /// Turns a `DecodingError` thrown by a type's own `init(from:)` into a `ParamsError`
    /// that names the line of the value at fault.
    func paramsError(for error: DecodingError, root: JSONNode) -> ParamsError {
        switch error {
        case .dataCorrupted(let context), .typeMismatch(_, let context), .valueNotFound(_, let context):
            let path = context.codingPath.map(Self.keyString)
            return ParamsError.invalidValue(
                file: file, line: Self.line(of: path, in: root), path: Self.pathString(path),
                message: context.debugDescription
            )
        case .keyNotFound(let key, let context):
            let path = context.codingPath.map(Self.keyString)
            return ParamsError.missingKey(
                file: file, line: Self.line(of: path, in: root), path: Self.pathString(path + [Self.keyString(key)])
            )
        @unknown default:
            return ParamsError.invalidValue(file: file, line: root.line, path: "", message: "\(error)")
        }
    }

    static func keyString(_ key: any CodingKey) -> String {
        if let index = key.intValue { return "[\(index)]" }
        return key.stringValue
    }

    static func pathString(_ path: [String]) -> String {
        var result = ""
        for component in path {
            if component.hasPrefix("[") || result.isEmpty {
                result += component
            } else {
                result += "." + component
            }
        }
        return result
    }

    /// The line of the value at `path`, or of the deepest ancestor that exists.
    static func line(of path: [String], in root: JSONNode) -> Int {
        var node = root
        for component in path {
            switch node.value {
            case .object(let members):
                guard let member = members.first(where: { $0.key == component }) else { return node.line }
                node = member.value
            case .array(let elements):
                guard let index = Int(component.dropFirst().dropLast()), elements.indices.contains(index) else {
                    return node.line
                }
                node = elements[index]
            default:
                return node.line
            }
        }
        return node.line
    }
}

/// The `Decoder` over a `JSONNode`; it records every object it opens and every key read.
struct StrictDecoder: Decoder {
    let node: JSONNode
    let codingPath: [any CodingKey]
    let state: StrictDecodingState

    var userInfo: [CodingUserInfoKey: Any] { [:] }

    var pathStrings: [String] { codingPath.map(StrictDecodingState.keyString) }

    func wrongType(_ expected: String) -> ParamsError {
        ParamsError.wrongType(
            file: state.file, line: node.line, path: StrictDecodingState.pathString(pathStrings),
            expected: expected, found: node.kindDescription
        )
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let members) = node.value else { throw wrongType("an object") }
        let record = state.register(path: pathStrings, members: members)
        return KeyedDecodingContainer(StrictKeyedContainer<Key>(decoder: self, record: record))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let elements) = node.value else { throw wrongType("an array") }
        return StrictUnkeyedContainer(decoder: self, elements: elements)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        self
    }

    func child(_ node: JSONNode, key: any CodingKey) -> StrictDecoder {
        StrictDecoder(node: node, codingPath: codingPath + [key], state: state)
    }
}

extension StrictDecoder: SingleValueDecodingContainer {
    func decodeNil() -> Bool {
        if case .null = node.value { return true }
        return false
    }

    func decode(_ type: Bool.Type) throws -> Bool {
        guard case .bool(let value) = node.value else { throw wrongType("a Boolean") }
        return value
    }

    func decode(_ type: String.Type) throws -> String {
        guard case .string(let value) = node.value else { throw wrongType("a string") }
        return value
    }

    func decode(_ type: Double.Type) throws -> Double {
        guard case .number(let text) = node.value, let value = Double(text) else { throw wrongType("a number") }
        return value
    }

    func decode(_ type: Float.Type) throws -> Float {
        guard case .number(let text) = node.value, let value = Float(text) else { throw wrongType("a number") }
        return value
    }

    func decodeInteger<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
        guard case .number(let text) = node.value else { throw wrongType("an integer") }
        if let value = T(text) { return value }
        // 1e3 or 2.0 are integers too, when exact.
        if let double = Double(text), double.rounded() == double, let value = T(exactly: double) {
            return value
        }
        throw wrongType("an integer in \(T.min)...\(T.max)")
    }

    func decode(_ type: Int.Type) throws -> Int { try decodeInteger(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try decodeInteger(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try decodeInteger(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try decodeInteger(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try decodeInteger(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try decodeInteger(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try decodeInteger(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try decodeInteger(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try decodeInteger(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try decodeInteger(type) }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try T(from: self)
    }
}

/// Keyed access to one JSON object; marks every key it is asked about as read.
struct StrictKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: StrictDecoder
    let record: StrictDecodingState.ObjectRecord

    var codingPath: [any CodingKey] { decoder.codingPath }

    var allKeys: [Key] {
        record.members.compactMap { Key(stringValue: $0.key) }
    }

    func contains(_ key: Key) -> Bool {
        record.readKeys.insert(key.stringValue)
        return record.members.contains { $0.key == key.stringValue }
    }

    private func member(_ key: Key) throws -> StrictDecoder {
        record.readKeys.insert(key.stringValue)
        guard let member = record.members.first(where: { $0.key == key.stringValue }) else {
            throw ParamsError.missingKey(
                file: decoder.state.file, line: decoder.node.line,
                path: StrictDecodingState.pathString(decoder.pathStrings + [key.stringValue])
            )
        }
        return decoder.child(member.value, key: key)
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        try member(key).decodeNil()
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try member(key).decode(type) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try member(key).decode(type) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try member(key).decode(type) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try member(key).decode(type) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try member(key).decode(type) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try member(key).decode(type) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try member(key).decode(type) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try member(key).decode(type) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try member(key).decode(type) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try member(key).decode(type) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try member(key).decode(type) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try member(key).decode(type) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try member(key).decode(type) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try member(key).decode(type) }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try T(from: try member(key))
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard contains(key) else { return nil }
        let child = try member(key)
        if child.decodeNil() { return nil }
        return try T(from: child)
    }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type, forKey key: Key
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try member(key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try member(key).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        decoder
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        try member(key)
    }
}

/// Sequential access to one JSON array.
struct StrictUnkeyedContainer: UnkeyedDecodingContainer {
    struct IndexKey: CodingKey {
        let intValue: Int?
        var stringValue: String { "\(intValue ?? 0)" }
        init(intValue: Int) { self.intValue = intValue }
        init?(stringValue: String) { return nil }
    }

    let decoder: StrictDecoder
    let elements: [JSONNode]
    var currentIndex = 0

    init(decoder: StrictDecoder, elements: [JSONNode]) {
        self.decoder = decoder
        self.elements = elements
    }

    var codingPath: [any CodingKey] { decoder.codingPath }
    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    private mutating func next() throws -> StrictDecoder {
        guard !isAtEnd else {
            throw ParamsError.invalidValue(
                file: decoder.state.file, line: decoder.node.line,
                path: StrictDecodingState.pathString(decoder.pathStrings), message: "too few elements"
            )
        }
        let child = decoder.child(elements[currentIndex], key: IndexKey(intValue: currentIndex))
        currentIndex += 1
        return child
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd else { return false }
        if case .null = elements[currentIndex].value {
            currentIndex += 1
            return true
        }
        return false
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try next().decode(type) }
    mutating func decode(_ type: String.Type) throws -> String { try next().decode(type) }
    mutating func decode(_ type: Double.Type) throws -> Double { try next().decode(type) }
    mutating func decode(_ type: Float.Type) throws -> Float { try next().decode(type) }
    mutating func decode(_ type: Int.Type) throws -> Int { try next().decode(type) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try next().decode(type) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try next().decode(type) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try next().decode(type) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try next().decode(type) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try next().decode(type) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try next().decode(type) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try next().decode(type) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try next().decode(type) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try next().decode(type) }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try T(from: try next()) }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try next().container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try next().unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        try next()
    }
}
