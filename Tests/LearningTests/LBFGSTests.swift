import Foundation
import Testing

@testable import Learning

/// Our L-BFGS against scipy's L-BFGS-B (no bounds) on Rosenbrock: same iterations, same
/// evaluations, same stop reason and the same solution.
@Suite struct LBFGSTests {
    struct Case: Decodable, Sendable, CustomTestStringConvertible {
        let name: String
        let x0: [Double]
        let maxIter: Int
        let gtol: Double
        let nit: Int
        let nfev: Int
        let x: [Double]
        let fun: Double
        let success: Bool
        let message: String
        var testDescription: String { name }

        enum CodingKeys: String, CodingKey {
            case name, x0, gtol, nit, nfev, x, fun, success, message
            case maxIter = "max_iter"
        }
    }

    struct File: Decodable { let cases: [Case] }

    static let cases = (try? JSONDecoder().decode(File.self, from: Fixture.data("optimizer.json")))?.cases ?? []

    /// scipy.optimize.rosen and rosen_der, term for term.
    static func rosenbrock(_ x: [Double], _ g: inout [Double]) -> Double {
        let n = x.count
        var f = 0.0
        for i in 0..<(n - 1) {
            let a = x[i + 1] - x[i] * x[i]
            f += 100.0 * a * a + (1 - x[i]) * (1 - x[i])
        }
        for i in 0..<n {
            var gi = 0.0
            if i > 0 { gi += 200 * (x[i] - x[i - 1] * x[i - 1]) }
            if i < n - 1 { gi += -400 * x[i] * (x[i + 1] - x[i] * x[i]) - 2 * (1 - x[i]) }
            g[i] = gi
        }
        return f
    }

    @Test func fixtureLoads() { #expect(Self.cases.count == 4) }

    @Test(arguments: cases)
    func matchesScipy(_ c: Case) {
        let optimizer = LBFGS(maxIterations: c.maxIter, gradientTolerance: c.gtol)
        let result = optimizer.minimize(from: c.x0, objective: Self.rosenbrock)
        #expect(result.iterations == c.nit)
        #expect(result.evaluations == c.nfev)
        #expect(result.status.isConverged == c.success)
        #expect(c.message.lowercased().contains(result.status.rawValue), "\(result.status) vs \(c.message)")
        for (ours, theirs) in zip(result.parameters, c.x) {
            #expect(isClose(ours, theirs, relative: 1e-7), "\(result.parameters) vs \(c.x)")
        }
    }

    @Test func lineSearchStepsSatisfyStrongWolfe() {
        // φ(α) = f(x + α d) on Rosenbrock along steepest descent from (-1.2, 1).
        let x = [-1.2, 1.0]
        var g = [0.0, 0.0]
        let f0 = Self.rosenbrock(x, &g)
        let d = g.map { -$0 }
        let slope0 = zip(g, d).reduce(0) { $0 + $1.0 * $1.1 }
        var search = MoreThuenteLineSearch(ftol: 1e-3, gtol: 0.9, xtol: 0.1, stepMin: 0, stepMax: 1e10)
        var step = 1.0
        var task = search.start(value: f0, derivative: slope0, step: step)
        var value = f0
        var slope = slope0
        var evaluations = 0
        while task == .evaluate && evaluations < 50 {
            let point = zip(x, d).map { $0 + step * $1 }
            value = Self.rosenbrock(point, &g)
            slope = zip(g, d).reduce(0) { $0 + $1.0 * $1.1 }
            evaluations += 1
            task = search.next(value: value, derivative: slope, step: &step)
        }
        #expect(task == .converged)
        #expect(value <= f0 + 1e-3 * step * slope0)
        #expect(abs(slope) <= 0.9 * abs(slope0))
    }

    @Test func reductionIsIdenticalForAnyWorkerCount() {
        // 3 chunks of rows: the sums must not depend on how many threads share them.
        let rows = 2 * ChunkedReduction.rowsPerChunk + 123
        let values = (0..<rows).map { sin(Double($0)) * 1e3 + 1 / Double($0 + 1) }
        let sums = [1, 2, 3, 8].map { workers in
            ChunkedReduction(rowCount: rows, width: 1, workers: workers).sum { range, partial in
                for i in range { partial[0] += values[i] }
            }
        }
        #expect(Set(sums.map { $0[0].bitPattern }).count == 1)
    }
}
