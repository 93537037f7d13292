import Foundation

/// L2-regularised logistic regression, fitted to scikit-learn's `LogisticRegression(solver="lbfgs")`.
///
/// The objective is scikit-learn's (1.9, `_logistic_regression_path`): the *mean* log loss over
/// the training rows plus `1/(2·C·n)·‖W‖²`, intercepts not penalised — binary
/// (`HalfBinomialLoss`, one coefficient row) for two classes, multinomial (`HalfMultinomialLoss`,
/// one row per class, softmax) for three or more. It is minimised by ``LBFGS`` with scikit-learn's
/// options (`gtol = tol`, `ftol = 64 ε`, `maxls = 50`, `maxcor = 10`) from zero, so the
/// same `C`, `tol` and `maxIterations` give the same coefficients, iteration count and
/// convergence flag.
///
/// Not converging within `maxIterations` is reported in ``LogisticRegressionModel/Fit``
/// (`converged == false`), not thrown: scikit-learn warns and keeps the coefficients too.
public struct LogisticRegression: Sendable, Codable, Equatable {
    /// Inverse regularisation strength; larger is weaker. Must be positive.
    public var c: Double
    /// L-BFGS iteration limit (scikit-learn's `max_iter`).
    public var maxIterations: Int
    /// Stop when the largest gradient component is at most this (scikit-learn's `tol`).
    public var tolerance: Double

    public init(c: Double = 1.0, maxIterations: Int = 100, tolerance: Double = 1e-4) {
        self.c = c
        self.maxIterations = maxIterations
        self.tolerance = tolerance
    }

    private enum CodingKeys: String, CodingKey {
        case c = "C"
        case maxIterations = "max_iter"
        case tolerance = "tol"
    }

    /// Fits on `features` (one row per sample) and `labels` (one per row).
    ///
    /// Classes are the distinct labels, sorted (``ClassLabel``); with two classes the greater one
    /// is the positive class (probability column 1), as in scikit-learn.
    ///
    /// `progress`, when given, hears each lbfgs iteration's number and loss (the objective:
    /// mean log loss plus the L2 term), for a progress line; it does not change the fit.
    public func fit(_ features: DenseMatrix, labels: [ClassLabel], progress: (@Sendable (Int, Double) -> Void)? = nil) throws -> LogisticRegressionModel {
        guard labels.count == features.rows else {
            throw LearningError.lengthMismatch("label", expected: features.rows, actual: labels.count)
        }
        return try fit(features, encoding: LabelEncoding(labels), progress: progress)
    }

    /// Fits with numeric labels (e.g. 0/1).
    public func fit(_ features: DenseMatrix, labels: [Double], progress: (@Sendable (Int, Double) -> Void)? = nil) throws -> LogisticRegressionModel {
        guard labels.count == features.rows else {
            throw LearningError.lengthMismatch("label", expected: features.rows, actual: labels.count)
        }
        return try fit(features, encoding: LabelEncoding(numbers: labels), progress: progress)
    }

    /// Fits with string labels.
    public func fit(_ features: DenseMatrix, labels: [String], progress: (@Sendable (Int, Double) -> Void)? = nil) throws -> LogisticRegressionModel {
        try fit(features, labels: labels.map(ClassLabel.string), progress: progress)
    }

    private func fit(_ features: DenseMatrix, encoding: LabelEncoding, progress: (@Sendable (Int, Double) -> Void)?) throws -> LogisticRegressionModel {
        guard c > 0, c.isFinite else { throw LearningError.invalidParameter("C", "must be positive, got \(c)") }
        guard maxIterations >= 0 else {
            throw LearningError.invalidParameter("max_iter", "must not be negative, got \(maxIterations)")
        }
        guard tolerance >= 0, tolerance.isFinite else {
            throw LearningError.invalidParameter("tol", "must not be negative, got \(tolerance)")
        }
        guard features.rows > 0 else { throw LearningError.emptyInput("training data") }
        guard features.isFinite else { throw LearningError.nonFinite("feature matrix") }
        let classes = encoding.classes
        guard classes.count >= 2 else { throw LearningError.singleClass(classes.first?.description ?? "") }
        let targets = encoding.indices

        let n = features.rows
        let d = features.columns
        let l2Strength = 1.0 / (c * Double(n))
        var optimizer = LBFGS(maxIterations: maxIterations, gradientTolerance: tolerance)
        optimizer.onIteration = progress
        let coefficients: [[Double]]
        let intercepts: [Double]
        let result: LBFGS.Result
        if classes.count == 2 {
            let loss = BinomialLogLoss(features: features, targets: targets.map(Double.init), l2Strength: l2Strength)
            result = optimizer.minimize(from: Array(repeating: 0, count: loss.dimension), objective: loss.evaluate)
            coefficients = [Array(result.parameters[0..<d])]
            intercepts = [result.parameters[d]]
        } else {
            let k = classes.count
            let loss = MultinomialLogLoss(features: features, targets: targets, classCount: k, l2Strength: l2Strength)
            result = optimizer.minimize(from: Array(repeating: 0, count: loss.dimension), objective: loss.evaluate)
            coefficients = (0..<k).map { cls in (0..<d).map { j in result.parameters[j * k + cls] } }
            intercepts = (0..<k).map { cls in result.parameters[d * k + cls] }
        }
        let fit = LogisticRegressionModel.Fit(
            iterations: min(result.iterations, maxIterations),
            converged: result.status.isConverged,
            trainLoss: result.value,
            evaluations: result.evaluations,
            stopReason: result.status.rawValue)
        return LogisticRegressionModel(
            classes: classes, coefficients: coefficients, intercepts: intercepts, fit: fit)
    }
}
