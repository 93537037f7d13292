/// numpy's pairwise summation (`pairwise_sum` in `numpy/_core/src/umath/loops_utils.h.src`).
///
/// Column means and variances, and metric sums, are added in exactly numpy's order: the
/// transform's fitted statistics come out bit-identical to scikit-learn's, and metrics stay
/// within an ulp or two instead of drifting with the row count. The element closure lets a
/// caller sum a derived quantity (a deviation, a squared error) without an intermediate array.
enum PairwiseSum {
    static func sum(_ values: [Double]) -> Double {
        values.withUnsafeBufferPointer { buffer in sum(count: buffer.count) { buffer[$0] } }
    }

    static func mean(_ values: [Double]) -> Double {
        values.isEmpty ? .nan : sum(values) / Double(values.count)
    }

    /// Σ `element(i)` for `i` in `0..<count`, in numpy's pairwise order.
    @inline(__always)
    static func sum(count: Int, _ element: (Int) -> Double) -> Double {
        sum(from: 0, count: count, element)
    }

    private static func sum(from start: Int, count n: Int, _ a: (Int) -> Double) -> Double {
        if n < 8 {
            var result = 0.0
            for i in start..<(start + n) { result += a(i) }
            return result
        } else if n <= 128 {
            var r0 = a(start), r1 = a(start + 1), r2 = a(start + 2), r3 = a(start + 3)
            var r4 = a(start + 4), r5 = a(start + 5), r6 = a(start + 6), r7 = a(start + 7)
            var i = 8
            while i < n - (n % 8) {
                let p = start + i
                r0 += a(p); r1 += a(p + 1); r2 += a(p + 2); r3 += a(p + 3)
                r4 += a(p + 4); r5 += a(p + 5); r6 += a(p + 6); r7 += a(p + 7)
                i += 8
            }
            var result = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
            while i < n {
                result += a(start + i)
                i += 1
            }
            return result
        } else {
            var half = n / 2
            half -= half % 8
            return sum(from: start, count: half, a) + sum(from: start + half, count: n - half, a)
        }
    }
}
