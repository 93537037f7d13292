/// Labels turned into sorted classes and one class index per row (scikit-learn's `LabelEncoder`).
///
/// One pass and no hashing for the usual handful of classes: each label is compared with the
/// previous one, then with the few classes seen so far; a dictionary takes over only when
/// there are many classes. Fitting a million rows spends milliseconds here, not a second.
struct LabelEncoding: Sendable {
    /// Sorted distinct labels.
    let classes: [ClassLabel]
    /// Index into ``classes`` of every row.
    let indices: [Int]

    init(_ labels: [ClassLabel]) throws {
        var distinct = [ClassLabel]()
        var lookup = [ClassLabel: Int]()
        var raw = [Int](repeating: 0, count: labels.count)
        var previous: (label: ClassLabel, index: Int)?
        for (row, label) in labels.enumerated() {
            if let previous, previous.label == label {
                raw[row] = previous.index
                continue
            }
            let index: Int
            if distinct.count <= Self.linearSearchLimit, let found = distinct.firstIndex(of: label) {
                index = found
            } else if distinct.count > Self.linearSearchLimit, let found = lookup[label] {
                index = found
            } else {
                // A NaN never equals itself: reject it before it can become a class per row.
                if case .number(let value) = label, value.isNaN { throw LearningError.invalidLabel("NaN") }
                index = distinct.count
                distinct.append(label)
                if distinct.count == Self.linearSearchLimit + 1 {
                    for (position, seen) in distinct.enumerated() { lookup[seen] = position }
                } else if distinct.count > Self.linearSearchLimit {
                    lookup[label] = index
                }
            }
            raw[row] = index
            previous = (label, index)
        }
        self.init(distinct: distinct, raw: raw)
        try Self.validate(classes)
    }

    /// Numeric labels without building `ClassLabel`s per row.
    init(numbers labels: [Double]) throws {
        var distinct = [Double]()
        var lookup = [Double: Int]()
        var raw = [Int](repeating: 0, count: labels.count)
        var previousValue = Double.nan
        var previousIndex = 0
        for (row, label) in labels.enumerated() {
            if label == previousValue {
                raw[row] = previousIndex
                continue
            }
            guard !label.isNaN else { throw LearningError.invalidLabel("NaN") }
            let index: Int
            if distinct.count <= Self.linearSearchLimit, let found = distinct.firstIndex(of: label) {
                index = found
            } else if distinct.count > Self.linearSearchLimit, let found = lookup[label] {
                index = found
            } else {
                index = distinct.count
                distinct.append(label)
                if distinct.count == Self.linearSearchLimit + 1 {
                    for (position, seen) in distinct.enumerated() { lookup[seen] = position }
                } else if distinct.count > Self.linearSearchLimit {
                    lookup[label] = index
                }
            }
            raw[row] = index
            previousValue = label
            previousIndex = index
        }
        self.init(distinct: distinct.map(ClassLabel.number), raw: raw)
    }

    private init(distinct: [ClassLabel], raw: [Int]) {
        let order = distinct.indices.sorted { distinct[$0] < distinct[$1] }
        var rank = [Int](repeating: 0, count: distinct.count)
        for (position, original) in order.enumerated() { rank[original] = position }
        classes = order.map { distinct[$0] }
        indices = raw.map { rank[$0] }
    }

    private static let linearSearchLimit = 16

    private static func validate(_ classes: [ClassLabel]) throws {
        var numbers = false
        var strings = false
        for label in classes {
            switch label {
            case .number: numbers = true
            case .string: strings = true
            }
        }
        if numbers && strings { throw LearningError.mixedLabels }
    }
}
