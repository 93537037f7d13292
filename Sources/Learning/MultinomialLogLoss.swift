import Foundation

/// scikit-learn's multinomial logistic objective for the lbfgs solver, value and gradient.
///
/// `f(W, b) = (1/n) Σ_i [logsumexp(z_i) − z_{i,y_i}] + (λ/2)‖W‖²_F` with `z_i = W x_i + b`
/// (one row of `W` per class, all classes parameterised, as `HalfMultinomialLoss`) and
/// `λ = 1/(C·n)`; intercepts are not penalised.
///
/// Parameter layout (as scikit-learn's, `coef.ravel(order="F")` of a `(K, d + 1)` array):
/// element `j·K + k` is the weight of feature `j` for class `k`; `j = d` is the intercept.
struct MultinomialLogLoss: Sendable {
    let features: DenseMatrix
    /// Class index of each row, `0..<classCount`.
    let targets: [Int]
    let classCount: Int
    let l2Strength: Double

    var dimension: Int { (features.columns + 1) * classCount }

    func evaluate(_ parameters: [Double], gradient: inout [Double]) -> Double {
        let n = features.rows
        let d = features.columns
        let classes = classCount
        // Class-major weights (row k = class k) so each class's dot product is contiguous.
        var weights = [Double](repeating: 0, count: classes * d)
        var intercepts = [Double](repeating: 0, count: classes)
        for k in 0..<classes {
            for j in 0..<d { weights[k * d + j] = parameters[j * classes + k] }
            intercepts[k] = parameters[d * classes + k]
        }
        let reduction = ChunkedReduction(rowCount: n, width: classes * (d + 1) + 1)
        let sums = features.withElementPointer { x in
            targets.withUnsafeBufferPointer { y in
                weights.withContiguousElementPointer { w in
                    intercepts.withContiguousElementPointer { b in
                        reduction.sum { rows, partial in
                            Self.accumulate(
                                rows: rows, x: x, columns: d, classes: classes, y: y, weights: w,
                                intercepts: b, into: partial)
                        }
                    }
                }
            }
        }
        let scale = 1.0 / Double(n)
        var penalty = 0.0
        for k in 0..<classes {
            for j in 0..<d {
                let w = parameters[j * classes + k]
                penalty += w * w
                gradient[j * classes + k] = sums[k * d + j] * scale + l2Strength * w
            }
            gradient[d * classes + k] = sums[classes * d + k] * scale
        }
        return sums[classes * (d + 1)] * scale + 0.5 * l2Strength * penalty
    }

    /// One chunk: `partial[k·d + j]` gradient sums, `partial[K·d + k]` intercept sums,
    /// `partial[K·(d + 1)]` loss sum.
    static func accumulate(
        rows: Range<Int>, x: UnsafePointer<Double>, columns d: Int, classes: Int,
        y: UnsafeBufferPointer<Int>, weights w: UnsafePointer<Double>, intercepts b: UnsafePointer<Double>,
        into partial: UnsafeMutablePointer<Double>
    ) {
        withUnsafeTemporaryAllocation(of: Double.self, capacity: classes) { raw in
            guard let z = raw.baseAddress else { return }
            var lossSum = 0.0
            for i in rows {
                let row = x + i * d
                var maximum = -Double.infinity
                for k in 0..<classes {
                    let weightsOfClass = w + k * d
                    var accumulator = SIMD4<Double>.zero
                    var j = 0
                    while j + 4 <= d {
                        accumulator += loadVector(row + j) * loadVector(weightsOfClass + j)
                        j += 4
                    }
                    var value = accumulator.sum()
                    while j < d {
                        value += row[j] * weightsOfClass[j]
                        j += 1
                    }
                    value += b[k]
                    z[k] = value
                    if k == 0 || value > maximum { maximum = value }
                }
                var sumOfExponentials = 0.0
                let label = y[i]
                let rawAtLabel = z[label]
                for k in 0..<classes {
                    let e = exp(z[k] - maximum)
                    z[k] = e
                    sumOfExponentials += e
                }
                lossSum += log(sumOfExponentials) + maximum - rawAtLabel
                for k in 0..<classes {
                    let g = z[k] / sumOfExponentials - (k == label ? 1 : 0)
                    partial[classes * d + k] += g
                    let sums = partial + k * d
                    for j in 0..<d { sums[j] += g * row[j] }
                }
            }
            partial[classes * (d + 1)] = lossSum
        }
    }
}
