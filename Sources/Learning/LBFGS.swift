import Foundation

/// Limited-memory BFGS for smooth unconstrained minimisation, following scipy's L-BFGS-B
/// (`method="L-BFGS-B"` without bounds) step for step.
///
/// Without bounds L-BFGS-B reduces to L-BFGS with the Moré–Thuente line search; what makes
/// its iterates (and so scikit-learn's coefficients at a loose `tol`) reproducible is the
/// detail, kept here on purpose:
/// - the first step (and the first after a restart) is along `−g`, with trial step
///   `1/‖g‖` on the very first iteration and `1` afterwards;
/// - line search constants `ftol = 1e-3`, `gtol = 0.9`, `xtol = 0.1`, `stpmax = 1e10`, at most
///   `maxLineSearchSteps` evaluations; a failed search restarts from steepest descent with an
///   empty memory, or ends the run if the memory was already empty;
/// - a correction pair is skipped when `sᵀy ≤ ε·(−gᵀd)·step`;
/// - the initial inverse Hessian is `(sᵀy / yᵀy)·I` of the newest pair;
/// - after every iteration: stop when the iteration limit is reached (checked first, as
///   scipy's driver does), when `‖g‖∞ ≤ gradientTolerance`, or when
///   `(f_old − f) ≤ relativeReductionTolerance · max(|f_old|, |f|, 1)`.
struct LBFGS: Sendable {
    /// Correction pairs kept (`maxcor`).
    var memory = 10
    /// Iteration limit (`maxiter`).
    var maxIterations: Int
    /// Stop when the largest gradient component is at most this (`gtol`, the `pgtol` of the
    /// Fortran code).
    var gradientTolerance: Double
    /// Relative reduction of `f` below which the run stops (`ftol`); scikit-learn uses `64 ε`.
    var relativeReductionTolerance = 64 * Double.ulpOfOne
    /// Evaluations allowed per line search (`maxls`); scikit-learn passes 50.
    var maxLineSearchSteps = 50
    /// Called after every iteration with its number and the objective's value (progress lines).
    var onIteration: (@Sendable (Int, Double) -> Void)?
    /// Total evaluations allowed (`maxfun`).
    var maxEvaluations = 15_000

    enum Status: String, Sendable, Codable {
        // scipy's messages, lower-cased.
        case gradientTolerance = "norm of projected gradient <= pgtol"
        case relativeReduction = "relative reduction of f <= factr*epsmch"
        case iterationLimit = "total no. of iterations reached limit"
        case evaluationLimit = "total no. of f,g evaluations exceeds limit"
        case lineSearchFailure = "abnormal termination in lnsrch"

        var isConverged: Bool { self == .gradientTolerance || self == .relativeReduction }
    }

    struct Result: Sendable {
        var parameters: [Double]
        var value: Double
        var gradient: [Double]
        var iterations: Int
        var evaluations: Int
        var status: Status
    }

    /// Minimises `objective`, which returns f(x) and writes ∇f(x) into its second argument.
    func minimize(from start: [Double], objective: ([Double], inout [Double]) -> Double) -> Result {
        let n = start.count
        var x = start
        var g = [Double](repeating: 0, count: n)
        var f = objective(x, &g)
        var evaluations = 1
        var iterations = 0
        var gradientNorm = Self.maxAbs(g)
        if gradientNorm <= gradientTolerance {
            return Result(
                parameters: x, value: f, gradient: g, iterations: 0, evaluations: 1, status: .gradientTolerance)
        }

        var history = CorrectionHistory(capacity: memory)
        var internalIteration = 0  // `iter` of the Fortran code: completed line searches
        var z = [Double](repeating: 0, count: n)
        var d = [Double](repeating: 0, count: n)

        while true {
            // Search direction: the quasi-Newton point z = x − H g (with H = I when the memory is
            // empty, the generalized Cauchy point of L-BFGS-B without bounds).
            if history.isEmpty {
                var sumOfSquares = 0.0
                for i in 0..<n { sumOfSquares += g[i] * g[i] }
                let f1 = -sumOfSquares
                let f2 = -history.theta * f1
                let stepToCauchyPoint = max(-f1 / f2, 0)
                for i in 0..<n { z[i] = x[i] + stepToCauchyPoint * (-g[i]) }
            } else {
                let newton = history.inverseHessianProduct(g)
                for i in 0..<n { z[i] = x[i] - newton[i] }
            }
            var squaredNorm = 0.0
            for i in 0..<n {
                d[i] = z[i] - x[i]
                squaredNorm += d[i] * d[i]
            }
            let maximumStep = 1e10
            var step = internalIteration == 0 ? min(1 / squaredNorm.squareRoot(), maximumStep) : 1
            let previousX = x
            let previousG = g
            let previousF = f
            var directional = Self.dot(g, d)
            let initialDirectional = directional

            var lineSearchFailed = false
            if directional >= 0 {
                lineSearchFailed = true  // not a descent direction (info = -4)
            } else {
                var search = MoreThuenteLineSearch(
                    ftol: 1e-3, gtol: 0.9, xtol: 0.1, stepMin: 0, stepMax: maximumStep)
                var task = search.start(value: f, derivative: directional, step: step)
                var trials = 0
                while task == .evaluate {
                    trials += 1
                    if trials - 1 >= maxLineSearchSteps {
                        lineSearchFailed = true
                        break
                    }
                    if step == 1 {
                        x = z
                    } else {
                        for i in 0..<n { x[i] = step * d[i] + previousX[i] }
                    }
                    f = objective(x, &g)
                    evaluations += 1
                    directional = Self.dot(g, d)
                    task = search.next(value: f, derivative: directional, step: &step)
                }
                if case .error = task { lineSearchFailed = true }
            }

            if lineSearchFailed {
                x = previousX
                g = previousG
                f = previousF
                if history.isEmpty {
                    return Result(
                        parameters: x, value: f, gradient: g, iterations: iterations, evaluations: evaluations,
                        status: .lineSearchFailure)
                }
                history.removeAll()
                continue
            }

            internalIteration += 1
            gradientNorm = Self.maxAbs(g)
            iterations += 1
            onIteration?(iterations, f)
            if iterations >= maxIterations {
                return Result(
                    parameters: x, value: f, gradient: g, iterations: iterations, evaluations: evaluations,
                    status: .iterationLimit)
            }
            if evaluations > maxEvaluations {
                return Result(
                    parameters: x, value: f, gradient: g, iterations: iterations, evaluations: evaluations,
                    status: .evaluationLimit)
            }
            if gradientNorm <= gradientTolerance {
                return Result(
                    parameters: x, value: f, gradient: g, iterations: iterations, evaluations: evaluations,
                    status: .gradientTolerance)
            }
            if previousF - f <= relativeReductionTolerance * max(abs(previousF), abs(f), 1) {
                return Result(
                    parameters: x, value: f, gradient: g, iterations: iterations, evaluations: evaluations,
                    status: .relativeReduction)
            }

            // Correction pair s = step·d, y = Δg, with sᵀy from the directional derivatives.
            var y = [Double](repeating: 0, count: n)
            var yy = 0.0
            for i in 0..<n {
                y[i] = g[i] - previousG[i]
                yy += y[i] * y[i]
            }
            let sy: Double
            let curvatureScale: Double
            if step == 1 {
                sy = directional - initialDirectional
                curvatureScale = -initialDirectional
            } else {
                sy = (directional - initialDirectional) * step
                for i in 0..<n { d[i] *= step }
                curvatureScale = -initialDirectional * step
            }
            if sy <= Double.ulpOfOne * curvatureScale { continue }
            history.append(s: d, y: y, sy: sy, yy: yy)
        }
    }

    static func dot(_ a: [Double], _ b: [Double]) -> Double {
        var sum = 0.0
        for i in a.indices { sum += a[i] * b[i] }
        return sum
    }

    static func maxAbs(_ a: [Double]) -> Double {
        var largest = 0.0
        for value in a { largest = max(largest, abs(value)) }
        return largest
    }
}

/// The newest L-BFGS correction pairs and the two-loop product with the inverse Hessian.
struct CorrectionHistory: Sendable {
    let capacity: Int
    private(set) var s: [[Double]] = []
    private(set) var y: [[Double]] = []
    private(set) var sy: [Double] = []
    /// Scale of the initial Hessian `θ·I` (`yᵀy / sᵀy` of the newest pair; 1 when empty).
    private(set) var theta = 1.0

    init(capacity: Int) { self.capacity = capacity }

    var isEmpty: Bool { s.isEmpty }

    mutating func append(s newS: [Double], y newY: [Double], sy newSY: Double, yy: Double) {
        if s.count == capacity {
            s.removeFirst()
            y.removeFirst()
            sy.removeFirst()
        }
        s.append(newS)
        y.append(newY)
        sy.append(newSY)
        theta = yy / newSY
    }

    mutating func removeAll() {
        s.removeAll()
        y.removeAll()
        sy.removeAll()
        theta = 1
    }

    /// `H·v` for the L-BFGS inverse Hessian approximation (Nocedal's two-loop recursion).
    func inverseHessianProduct(_ v: [Double]) -> [Double] {
        var q = v
        var alpha = [Double](repeating: 0, count: s.count)
        for k in s.indices.reversed() {
            let a = LBFGS.dot(s[k], q) / sy[k]
            alpha[k] = a
            for i in q.indices { q[i] -= a * y[k][i] }
        }
        for i in q.indices { q[i] /= theta }
        for k in s.indices {
            let b = LBFGS.dot(y[k], q) / sy[k]
            for i in q.indices { q[i] += (alpha[k] - b) * s[k][i] }
        }
        return q
    }
}
