/// Encodes instances handed over one field at a time, straight into feature rows: what the
/// prediction server fills while it reads a request's bytes, so a plain request never becomes
/// records, strings and values before it is scored.
///
/// It takes only what is valid and says so by returning `false` at the first thing it does
/// not take — an unknown or repeated field, a value of the wrong type, a number that is not
/// finite, a missing field at ``endInstance()``. The caller then gives up on it and hands the
/// request to the path that builds ``FeatureRecord``s, whose ``InferenceModule`` checks name
/// the fault; so this encoder needs no errors of its own, and a valid instance encodes here to
/// the same bits as there (the same ``FeatureLayout``; tested on every fixture). Made by
/// ``InferenceModule/predict(encodingWith:)``, which scores what it holds.
public struct FeatureRowEncoder {
    private let layout: FeatureLayout
    /// The encoded rows, `featureCount` doubles each; the last is being filled.
    private(set) var rows: [Double] = []
    /// The fields the current instance has set, one bit per field index.
    private var present: UInt64 = 0
    private let allPresent: UInt64
    /// The instances finished so far.
    public private(set) var count = 0

    /// The most fields a model may have for this encoder (one bit each).
    static let maxFields = 64

    init(layout: FeatureLayout) {
        precondition(layout.fieldCount <= Self.maxFields)
        self.layout = layout
        allPresent = layout.fieldCount == 64 ? .max : (1 << UInt64(layout.fieldCount)) - 1
    }

    /// Starts the next instance, every column zero.
    public mutating func beginInstance() {
        present = 0
        let width = layout.featureCount
        if rows.capacity - rows.count < width { rows.reserveCapacity(max(width, 2 * rows.count)) }
        rows.append(contentsOf: repeatElement(0, count: width))
    }

    /// Finishes the instance; `false` when a field is missing.
    public mutating func endInstance() -> Bool {
        guard present == allPresent else { return false }
        count += 1
        return true
    }

    /// The index of the field named by the UTF-8 `name`, trying `position` (where the schema
    /// expects the field) first; nil for a field the model does not read.
    public func field(named name: UnsafeRawBufferPointer, expectedAt position: Int) -> Int? {
        layout.field(named: name, hint: position)
    }

    /// Sets a number field; `false` for a string field, a repeat, or a non-finite number.
    public mutating func setNumber(_ number: Double, field: Int) -> Bool {
        guard field < layout.numeric.count, number.isFinite, mark(field) else { return false }
        let slot = layout.numeric[field]
        writeRow { slot.write(number, into: $0) }
        return true
    }

    /// Sets a string field to the category spelled by the UTF-8 `bytes` (the caller has
    /// checked they are valid UTF-8); `false` for a number field or a repeat.
    public mutating func setString(_ bytes: UnsafeRawBufferPointer, field: Int) -> Bool {
        guard field >= layout.numeric.count, mark(field) else { return false }
        let slot = layout.categorical[field - layout.numeric.count]
        let category = layout.category(bytes, of: slot)
        writeRow { slot.write(category: category, into: $0) }
        return true
    }

    /// Sets a field to missing (`null`); `false` for a repeat.
    public mutating func setNull(field: Int) -> Bool {
        guard mark(field) else { return false }
        if field < layout.numeric.count {
            let slot = layout.numeric[field]
            writeRow { slot.write(nil, into: $0) }
        } else {
            let slot = layout.categorical[field - layout.numeric.count]
            writeRow { slot.write(category: slot.missingCategory, into: $0) }
        }
        return true
    }

    /// Records `field` as set; `false` when it already was.
    private mutating func mark(_ field: Int) -> Bool {
        guard field >= 0, field < layout.fieldCount else { return false }
        let bit: UInt64 = 1 << UInt64(field)
        guard present & bit == 0 else { return false }
        present |= bit
        return true
    }

    private mutating func writeRow(_ write: (UnsafeMutablePointer<Double>) -> Void) {
        let start = rows.count - layout.featureCount
        rows.withUnsafeMutableBufferPointer { buffer in
            if let base = buffer.baseAddress { write(base + start) }
        }
    }
}
