import Foundation

/// The Moré–Thuente line search (MINPACK-2 `dcsrch`/`dcstep`), as used by L-BFGS-B.
///
/// Finds a step `α` satisfying the strong Wolfe conditions
/// `φ(α) ≤ φ(0) + ftol·α·φ'(0)` and `|φ'(α)| ≤ gtol·|φ'(0)|` by safeguarded cubic and
/// quadratic interpolation. It is a reverse-communication state machine, like the original:
/// ``start(value:derivative:step:)`` and then ``next(value:derivative:step:)`` after each
/// evaluation the search asked for, so the caller owns the evaluations. Kept faithful to the
/// MINPACK-2 code (constants, branch order) so that our iterates follow scipy's L-BFGS-B.
struct MoreThuenteLineSearch {
    enum Task: Equatable {
        /// Evaluate φ and φ' at the (updated) step and call ``next(value:derivative:step:)``.
        case evaluate
        /// The step satisfies the strong Wolfe conditions.
        case converged
        /// No better step can be found; the step is the best one seen.
        case warning(String)
        /// The inputs were invalid (e.g. not a descent direction).
        case error(String)
    }

    let ftol: Double
    let gtol: Double
    let xtol: Double
    let stepMin: Double
    let stepMax: Double

    private var bracketed = false
    private var stage = 1
    private var initialValue = 0.0
    private var initialDerivative = 0.0
    private var derivativeTest = 0.0
    private var width = 0.0
    private var previousWidth = 0.0
    private var stx = 0.0, fx = 0.0, gx = 0.0
    private var sty = 0.0, fy = 0.0, gy = 0.0
    private var intervalMin = 0.0, intervalMax = 0.0

    init(ftol: Double, gtol: Double, xtol: Double, stepMin: Double, stepMax: Double) {
        self.ftol = ftol
        self.gtol = gtol
        self.xtol = xtol
        self.stepMin = stepMin
        self.stepMax = stepMax
    }

    /// Starts a search from φ(0) = `value`, φ'(0) = `derivative` with a first trial `step`.
    mutating func start(value f: Double, derivative g: Double, step stp: Double) -> Task {
        if stp < stepMin { return .error("STP .LT. STPMIN") }
        if stp > stepMax { return .error("STP .GT. STPMAX") }
        if g >= 0 { return .error("INITIAL G .GE. ZERO") }
        bracketed = false
        stage = 1
        initialValue = f
        initialDerivative = g
        derivativeTest = ftol * g
        width = stepMax - stepMin
        previousWidth = width / 0.5
        stx = 0; fx = f; gx = g
        sty = 0; fy = f; gy = g
        intervalMin = 0
        intervalMax = stp + 4.0 * stp
        return .evaluate
    }

    /// Takes φ(`step`) and φ'(`step`); either finishes or moves `step` to the next trial.
    mutating func next(value f: Double, derivative g: Double, step stp: inout Double) -> Task {
        let ftest = initialValue + stp * derivativeTest
        if stage == 1 && f <= ftest && g >= 0 { stage = 2 }

        var task = Task.evaluate
        if bracketed && (stp <= intervalMin || stp >= intervalMax) {
            task = .warning("ROUNDING ERRORS PREVENT PROGRESS")
        }
        if bracketed && intervalMax - intervalMin <= xtol * intervalMax { task = .warning("XTOL TEST SATISFIED") }
        if stp == stepMax && f <= ftest && g <= derivativeTest { task = .warning("STP = STPMAX") }
        if stp == stepMin && (f > ftest || g >= derivativeTest) { task = .warning("STP = STPMIN") }
        if f <= ftest && abs(g) <= gtol * (-initialDerivative) { task = .converged }
        if task != .evaluate { return task }

        if stage == 1 && f <= fx && f > ftest {
            // The modified function ψ(α) = φ(α) − φ(0) − ftol·α·φ'(0) guides the first stage.
            var fm = f - stp * derivativeTest
            var fxm = fx - stx * derivativeTest
            var fym = fy - sty * derivativeTest
            var gm = g - derivativeTest
            var gxm = gx - derivativeTest
            var gym = gy - derivativeTest
            Self.step(
                &stx, &fxm, &gxm, &sty, &fym, &gym, &stp, &fm, &gm, &bracketed, intervalMin, intervalMax)
            fx = fxm + stx * derivativeTest
            fy = fym + sty * derivativeTest
            gx = gxm + derivativeTest
            gy = gym + derivativeTest
        } else {
            var fp = f
            var gp = g
            Self.step(&stx, &fx, &gx, &sty, &fy, &gy, &stp, &fp, &gp, &bracketed, intervalMin, intervalMax)
        }

        if bracketed {
            // Force a sufficient decrease in the size of the bracketing interval.
            if abs(sty - stx) >= 0.66 * previousWidth { stp = stx + 0.5 * (sty - stx) }
            previousWidth = width
            width = abs(sty - stx)
            intervalMin = min(stx, sty)
            intervalMax = max(stx, sty)
        } else {
            intervalMin = stp + 1.1 * (stp - stx)
            intervalMax = stp + 4.0 * (stp - stx)
        }
        stp = max(stp, stepMin)
        stp = min(stp, stepMax)
        if (bracketed && (stp <= intervalMin || stp >= intervalMax))
            || (bracketed && intervalMax - intervalMin <= xtol * intervalMax)
        {
            stp = stx
        }
        return .evaluate
    }

    /// MINPACK-2 `dcstep`: a safeguarded step, and the update of the interval [stx, sty] that
    /// contains a step satisfying the conditions.
    // swiftlint:disable:next function_parameter_count
    private static func step(
        _ stx: inout Double, _ fx: inout Double, _ dx: inout Double,
        _ sty: inout Double, _ fy: inout Double, _ dy: inout Double,
        _ stp: inout Double, _ fp: inout Double, _ dp: inout Double,
        _ bracketed: inout Bool, _ stpmin: Double, _ stpmax: Double
    ) {
        let sgnd = dp * (dx / abs(dx))
        var stpf: Double
        if fp > fx {
            // Higher function value: the minimum is bracketed.
            let theta = 3.0 * (fx - fp) / (stp - stx) + dx + dp
            let s = max(abs(theta), abs(dx), abs(dp))
            var gamma = s * (((theta / s) * (theta / s)) - (dx / s) * (dp / s)).squareRoot()
            if stp < stx { gamma = -gamma }
            let p = (gamma - dx) + theta
            let q = ((gamma - dx) + gamma) + dp
            let r = p / q
            let stpc = stx + r * (stp - stx)
            let stpq = stx + ((dx / ((fx - fp) / (stp - stx) + dx)) / 2.0) * (stp - stx)
            if abs(stpc - stx) <= abs(stpq - stx) {
                stpf = stpc
            } else {
                stpf = stpc + (stpq - stpc) / 2.0
            }
            bracketed = true
        } else if sgnd < 0 {
            // Derivatives of opposite sign: the minimum is bracketed.
            let theta = 3.0 * (fx - fp) / (stp - stx) + dx + dp
            let s = max(abs(theta), abs(dx), abs(dp))
            var gamma = s * (((theta / s) * (theta / s)) - (dx / s) * (dp / s)).squareRoot()
            if stp > stx { gamma = -gamma }
            let p = (gamma - dp) + theta
            let q = ((gamma - dp) + gamma) + dx
            let r = p / q
            let stpc = stp + r * (stx - stp)
            let stpq = stp + (dp / (dp - dx)) * (stx - stp)
            stpf = abs(stpc - stp) > abs(stpq - stp) ? stpc : stpq
            bracketed = true
        } else if abs(dp) < abs(dx) {
            // Same sign, derivative magnitude decreases.
            let theta = 3.0 * (fx - fp) / (stp - stx) + dx + dp
            let s = max(abs(theta), abs(dx), abs(dp))
            var gamma = s * max(0, ((theta / s) * (theta / s)) - (dx / s) * (dp / s)).squareRoot()
            if stp > stx { gamma = -gamma }
            let p = (gamma - dp) + theta
            let q = (gamma + (dx - dp)) + gamma
            let r = p / q
            let stpc: Double
            if r < 0 && gamma != 0 {
                stpc = stp + r * (stx - stp)
            } else if stp > stx {
                stpc = stpmax
            } else {
                stpc = stpmin
            }
            let stpq = stp + (dp / (dp - dx)) * (stx - stp)
            if bracketed {
                stpf = abs(stpc - stp) < abs(stpq - stp) ? stpc : stpq
                if stp > stx {
                    stpf = min(stp + 0.66 * (sty - stp), stpf)
                } else {
                    stpf = max(stp + 0.66 * (sty - stp), stpf)
                }
            } else {
                stpf = abs(stpc - stp) > abs(stpq - stp) ? stpc : stpq
                stpf = min(stpmax, stpf)
                stpf = max(stpmin, stpf)
            }
        } else {
            // Same sign, derivative magnitude does not decrease.
            if bracketed {
                let theta = 3.0 * (fp - fy) / (sty - stp) + dy + dp
                let s = max(abs(theta), abs(dy), abs(dp))
                var gamma = s * (((theta / s) * (theta / s)) - (dy / s) * (dp / s)).squareRoot()
                if stp > sty { gamma = -gamma }
                let p = (gamma - dp) + theta
                let q = ((gamma - dp) + gamma) + dy
                let r = p / q
                stpf = stp + r * (sty - stp)
            } else if stp > stx {
                stpf = stpmax
            } else {
                stpf = stpmin
            }
        }

        if fp > fx {
            sty = stp
            fy = fp
            dy = dp
        } else {
            if sgnd < 0 {
                sty = stx
                fy = fx
                dy = dx
            }
            stx = stp
            fx = fp
            dx = dp
        }
        stp = stpf
    }
}
