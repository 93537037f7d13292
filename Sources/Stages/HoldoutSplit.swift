/// Which rows train and which are held out, both in input order.
///
/// By time: the latest ⌊fraction × rows⌋ rows by timestamp, ties broken by input order (so
/// the later of two equal timestamps is held out first); a missing timestamp counts as the
/// oldest. By random: the first ⌊fraction × rows⌋ positions of a Fisher–Yates shuffle driven
/// by SplitMix64 from the seed — the same seed gives the same rows on every machine. The
/// product is taken in double precision, as `int(fraction * rows)` in Python.
struct HoldoutSplit: Equatable {
    let train: [Int]
    let holdout: [Int]

    static func holdoutCount(rows: Int, fraction: Double) -> Int {
        Int((fraction * Double(rows)).rounded(.down))
    }

    static func make(rows: Int, holdout: PreprocessParams.Holdout, timestamps: [Int64]) -> HoldoutSplit {
        let count = holdoutCount(rows: rows, fraction: holdout.fraction)
        var isHoldout = [Bool](repeating: false, count: rows)
        switch holdout {
        case .time:
            if isNonDecreasing(timestamps) {
                for row in (rows - count)..<rows { isHoldout[row] = true }
            } else {
                let order = (0..<rows).sorted { a, b in
                    timestamps[a] < timestamps[b] || (timestamps[a] == timestamps[b] && a < b)
                }
                for row in order[(rows - count)...] { isHoldout[row] = true }
            }
        case .random(_, let seed):
            var generator = SplitMix64(seed: seed)
            var permutation = Array(0..<rows)
            for position in 0..<count {
                let bound = UInt64(rows - position)
                let offset = Int(generator.next().multipliedFullWidth(by: bound).high)
                permutation.swapAt(position, position + offset)
            }
            for row in permutation[0..<count] { isHoldout[row] = true }
        }
        var train = [Int]()
        var held = [Int]()
        train.reserveCapacity(rows - count)
        held.reserveCapacity(count)
        for row in 0..<rows {
            if isHoldout[row] { held.append(row) } else { train.append(row) }
        }
        return HoldoutSplit(train: train, holdout: held)
    }

    private static func isNonDecreasing(_ values: [Int64]) -> Bool {
        values.withUnsafeBufferPointer { buffer in
            var index = 1
            while index < buffer.count {
                if buffer[index] < buffer[index - 1] { return false }
                index += 1
            }
            return true
        }
    }
}

/// Sebastiano Vigna's SplitMix64: a tiny, fully specified generator, so a seeded split is
/// reproducible anywhere (Swift's own generators promise no such thing).
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
