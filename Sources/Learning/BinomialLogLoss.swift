import Foundation

/// scikit-learn's binary logistic objective for the lbfgs solver, value and gradient in one pass.
///
/// `f(w, b) = (1/n) Σ_i [log(1 + exp(z_i)) − y_i z_i] + (λ/2)‖w‖²` with `z_i = x_i·w + b`,
/// `y_i ∈ {0, 1}` and `λ = 1/(C·n)`; the intercept `b` is not penalised. This is
/// `LinearModelLoss(HalfBinomialLoss())` in `sklearn/linear_model/_linear_loss.py`, with the
/// per-sample loss and gradient computed by the same branches as `closs_grad_half_binomial`.
///
/// Parameter layout (as scikit-learn's): `[w_0 … w_{d−1}, b]`.
struct BinomialLogLoss: Sendable {
    let features: DenseMatrix
    /// 1 for the positive class (the greater label), 0 otherwise.
    let targets: [Double]
    let l2Strength: Double

    var dimension: Int { features.columns + 1 }

    func evaluate(_ parameters: [Double], gradient: inout [Double]) -> Double {
        let n = features.rows
        let d = features.columns
        let reduction = ChunkedReduction(rowCount: n, width: d + 2)
        let sums = features.withElementPointer { x in
            targets.withContiguousElementPointer { y in
                parameters.withContiguousElementPointer { w in
                    reduction.sum { rows, partial in
                        Self.accumulate(rows: rows, x: x, columns: d, y: y, parameters: w, into: partial)
                    }
                }
            }
        }
        let scale = 1.0 / Double(n)
        var penalty = 0.0
        for j in 0..<d {
            penalty += parameters[j] * parameters[j]
            gradient[j] = sums[j] * scale + l2Strength * parameters[j]
        }
        gradient[d] = sums[d] * scale
        return sums[d + 1] * scale + 0.5 * l2Strength * penalty
    }

    /// Adds one chunk's gradient sums (`partial[0..<d]`), intercept gradient sum (`partial[d]`)
    /// and loss sum (`partial[d + 1]`).
    @inline(__always)
    static func accumulate(
        rows: Range<Int>, x: UnsafePointer<Double>, columns d: Int, y: UnsafePointer<Double>,
        parameters w: UnsafePointer<Double>, into partial: UnsafeMutablePointer<Double>
    ) {
        let blocks = d / 4
        let intercept = w[d]
        withUnsafeTemporaryAllocation(of: SIMD4<Double>.self, capacity: 2 * blocks + 2) { vectors in
            guard let weights = vectors.baseAddress else { return }
            let gradients = weights + blocks
            // The d mod 4 trailing columns use one padded vector each for weights and sums.
            let tailWeights = gradients + blocks
            let tailGradients = tailWeights + 1
            for k in 0..<blocks {
                weights[k] = loadVector(w + 4 * k)
                gradients[k] = .zero
            }
            tailWeights.pointee = .zero
            tailGradients.pointee = .zero
            for j in (4 * blocks)..<d { tailWeights.pointee[j - 4 * blocks] = w[j] }
            let tail = d - 4 * blocks
            var lossSum = 0.0
            var interceptSum = 0.0
            for i in rows {
                let row = x + i * d
                var accumulator = SIMD4<Double>.zero
                for k in 0..<blocks { accumulator += loadVector(row + 4 * k) * weights[k] }
                var z = accumulator.sum()
                for t in 0..<tail { z += row[4 * blocks + t] * tailWeights.pointee[t] }
                z += intercept
                let (loss, g) = Self.lossGradient(target: y[i], raw: z)
                lossSum += loss
                interceptSum += g
                let scaled = SIMD4<Double>(repeating: g)
                for k in 0..<blocks { gradients[k] += scaled * loadVector(row + 4 * k) }
                for t in 0..<tail { tailGradients.pointee[t] += g * row[4 * blocks + t] }
            }
            for k in 0..<blocks {
                for lane in 0..<4 { partial[4 * k + lane] = gradients[k][lane] }
            }
            for t in 0..<tail { partial[4 * blocks + t] = tailGradients.pointee[t] }
            partial[d] = interceptSum
            partial[d + 1] = lossSum
        }
    }

    /// Per-sample loss `log(1 + e^z) − y z` and its derivative `expit(z) − y`, with
    /// scikit-learn's branches (`closs_grad_half_binomial`) for accuracy at both tails.
    @inline(__always)
    static func lossGradient(target y: Double, raw z: Double) -> (loss: Double, gradient: Double) {
        if z <= -37 {
            let e = exp(z)
            return (e - y * z, e - y)
        } else if z <= -2 {
            let e = exp(z)
            return (log1p(e) - y * z, ((1 - y) * e - y) / (1 + e))
        } else if z <= 18 {
            let e = exp(-z)
            return (log1p(e) + (1 - y) * z, ((1 - y) - y * e) / (1 + e))
        } else {
            let e = exp(-z)
            return (e + (1 - y) * z, ((1 - y) - y * e) / (1 + e))
        }
    }
}
