import Foundation

/// The arithmetic of a fitted linear model on one row: decision values, probabilities, the
/// predicted class.
///
/// Batch prediction (``LogisticRegressionModel``, ``RidgeModel``) and the serving path
/// (``InferenceModule``) both go through these functions, so a row scored in evaluation and
/// the same row scored by the prediction server take the same floating-point operations in
/// the same order and give the same bits.
enum LinearScorer {
    /// `z[k] = Σⱼ row[j]·w[k·d + j] + b[k]`, summed in feature order from 0.
    @inline(__always)
    static func decide(
        row: UnsafePointer<Double>, weights: UnsafePointer<Double>, intercepts: UnsafePointer<Double>,
        features d: Int, outputs: Int, into z: UnsafeMutablePointer<Double>
    ) {
        for k in 0..<outputs {
            let weightsOfOutput = weights + k * d
            var sum = 0.0
            for j in 0..<d { sum += row[j] * weightsOfOutput[j] }
            z[k] = sum + intercepts[k]
        }
    }

    /// Class probabilities from decision values: binary (one decision value) `[1 − σ(z), σ(z)]`
    /// as scipy's `expit` and scikit-learn's `_predict_proba_lr`; otherwise the softmax with the
    /// maximum subtracted first.
    @inline(__always)
    static func probabilities(decision z: UnsafePointer<Double>, outputs: Int, into p: UnsafeMutablePointer<Double>) {
        if outputs == 1 {
            let positive = 1 / (1 + exp(-z[0]))
            p[0] = 1 - positive
            p[1] = positive
            return
        }
        var maximum = -Double.infinity
        for c in 0..<outputs { maximum = max(maximum, z[c]) }
        var sum = 0.0
        for c in 0..<outputs {
            let e = exp(z[c] - maximum)
            p[c] = e
            sum += e
        }
        for c in 0..<outputs { p[c] /= sum }
    }

    /// The predicted class index: binary `z > 0`; otherwise the first maximum (numpy's argmax).
    @inline(__always)
    static func classIndex(decision z: UnsafePointer<Double>, outputs: Int) -> Int {
        if outputs == 1 { return z[0] > 0 ? 1 : 0 }
        var best = 0
        for c in 1..<outputs where z[c] > z[best] { best = c }
        return best
    }
}
