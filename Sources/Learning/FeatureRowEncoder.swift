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
public struct FeatureRowEncoder: ~Copyable {
    private let layout: FeatureLayout
    /// The rows, `width` doubles each; the one at ``count`` is being filled. At first the
    /// caller's stack room, memory of the encoder's own (freed with it) once that is full: a
    /// request of a few instances allocates nothing for its rows.
    private var rows: UnsafeMutablePointer<Double>
    /// How many rows fit in ``rows``.
    private var capacity: Int
    /// Whether ``rows`` is the encoder's own memory.
    private var ownsRows = false
    private let width: Int
    /// The fields the current instance has set, one bit per field index.
    private var present: UInt64 = 0
    private let allPresent: UInt64
    /// The instances finished so far.
    public private(set) var count = 0

    /// The most fields a model may have for this encoder (one bit each).
    static let maxFields = 64

    /// An encoder writing its first rows into `room` (at least one row's worth).
    init(layout: FeatureLayout, room: UnsafeMutableBufferPointer<Double>) {
        precondition(layout.fieldCount <= Self.maxFields && room.count >= max(layout.featureCount, 1))
        self.layout = layout
        width = layout.featureCount
        rows = room.baseAddress!
        capacity = width == 0 ? .max : room.count / width
        allPresent = layout.fieldCount == 64 ? .max : (1 << UInt64(layout.fieldCount)) - 1
    }

    deinit {
        if ownsRows { rows.deallocate() }
    }

    /// The encoded row of instance `index` (below ``count``).
    func row(_ index: Int) -> UnsafePointer<Double> {
        UnsafePointer(rows + index * width)
    }

    /// Starts the next instance, every column zero.
    public mutating func beginInstance() {
        if count == capacity { grow() }
        present = 0
        (rows + count * width).update(repeating: 0, count: width)
    }

    /// Moves the rows to memory of the encoder's own, twice as large.
    private mutating func grow() {
        let larger = max(2 * capacity, 16)
        let moved = UnsafeMutablePointer<Double>.allocate(capacity: larger * width)
        moved.update(from: rows, count: count * width)
        if ownsRows { rows.deallocate() }
        rows = moved
        capacity = larger
        ownsRows = true
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
        layout.numeric[field].write(number, into: currentRow)
        return true
    }

    /// Sets a string field to the category spelled by the UTF-8 `bytes` (the caller has
    /// checked they are valid UTF-8); `false` for a number field or a repeat.
    public mutating func setString(_ bytes: UnsafeRawBufferPointer, field: Int) -> Bool {
        guard field >= layout.numeric.count, mark(field) else { return false }
        layout.writeCategory(utf8: bytes, slot: field - layout.numeric.count, into: currentRow)
        return true
    }

    /// Sets a field to missing (`null`); `false` for a repeat.
    public mutating func setNull(field: Int) -> Bool {
        guard mark(field) else { return false }
        if field < layout.numeric.count {
            layout.numeric[field].write(nil, into: currentRow)
        } else {
            layout.writeCategory(utf8: nil, slot: field - layout.numeric.count, into: currentRow)
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

    /// The row of the instance being filled.
    private var currentRow: UnsafeMutablePointer<Double> { rows + count * width }
}
