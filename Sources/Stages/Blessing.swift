import Foundation

/// `blessing.json`: evaluate's verdict. `blessed` is true when every check passed;
/// `reasons` spells out each failed one (`"roc_auc 0.7134 < min 0.8"`), and `checks` lists
/// every check made, passed or not, so the record shows what the service level was.
///
/// Not blessed is a result, not a crash: evaluate still exits 0 and the coordinator ends
/// the run as rejected with these reasons.
public struct Blessing: Sendable, Codable, Equatable {
    public static let file = "blessing.json"

    /// One check and its outcome.
    public struct Check: Sendable, Codable, Equatable {
        /// `roc_auc >= 0.8`, `rmse <= champion + 0.1`…
        public var check: String
        public var passed: Bool
        /// The candidate's value; nil when the metric is undefined on this holdout.
        public var value: Double?
        /// The champion's value, for a regression check.
        public var champion: Double?
    }

    public var blessed: Bool
    public var reasons: [String]
    public var checks: [Check]

    public init(checks: [Check], reasons: [String]) {
        self.blessed = reasons.isEmpty
        self.reasons = reasons
        self.checks = checks
    }

    /// Checks the candidate's metrics against the thresholds and the champion's.
    static func judge(
        candidate: [String: Double], isClassification: Bool, params: EvaluateParams,
        champion: [String: Double]?, championProblem: String?
    ) -> Blessing {
        var checks = [Check]()
        var reasons = [String]()
        for name in params.thresholds.keys.sorted() {
            guard let bound = params.thresholds[name] else { continue }
            let value = candidate[name]
            if let minimum = bound.min {
                let passed = value.map { $0 >= minimum } ?? false
                checks.append(Check(check: "\(name) >= \(format(limit: minimum))", passed: passed, value: value, champion: nil))
                if !passed {
                    reasons.append(value.map { "\(name) \(format($0)) < min \(format(limit: minimum))" }
                        ?? "\(name) is undefined on this holdout (needs min \(format(limit: minimum)))")
                }
            }
            if let maximum = bound.max {
                let passed = value.map { $0 <= maximum } ?? false
                checks.append(Check(check: "\(name) <= \(format(limit: maximum))", passed: passed, value: value, champion: nil))
                if !passed {
                    reasons.append(value.map { "\(name) \(format($0)) > max \(format(limit: maximum))" }
                        ?? "\(name) is undefined on this holdout (needs max \(format(limit: maximum)))")
                }
            }
        }
        if let problem = championProblem {
            checks.append(Check(check: "champion scores the holdout", passed: false, value: nil, champion: nil))
            reasons.append(problem)
        } else if let champion, let allowance = params.maxRegression {
            for (metric, allowed) in guarded(allowance, thresholds: params.thresholds, isClassification: isClassification) {
                guard let value = candidate[metric.rawValue], let theirs = champion[metric.rawValue] else { continue }
                let passed: Bool
                let check: String
                if metric.isHigherBetter {
                    passed = value >= theirs - allowed
                    check = "\(metric.rawValue) >= champion - \(format(limit: allowed))"
                    if !passed {
                        reasons.append("\(metric.rawValue) \(format(value)) < champion \(format(theirs)) - max_regression \(format(limit: allowed))")
                    }
                } else {
                    passed = value <= theirs + allowed
                    check = "\(metric.rawValue) <= champion + \(format(limit: allowed))"
                    if !passed {
                        reasons.append("\(metric.rawValue) \(format(value)) > champion \(format(theirs)) + max_regression \(format(limit: allowed))")
                    }
                }
                checks.append(Check(check: check, passed: passed, value: value, champion: theirs))
            }
        }
        return Blessing(checks: checks, reasons: reasons)
    }

    /// The metrics `max_regression` guards, with their allowance, in name order.
    static func guarded(
        _ allowance: EvaluateParams.MaxRegression, thresholds: [String: EvaluateParams.Bound], isClassification: Bool
    ) -> [(HoldoutMetric, Double)] {
        switch allowance {
        case .all(let allowed):
            let named = thresholds.keys.sorted().compactMap(HoldoutMetric.init(rawValue:))
            let metrics = named.isEmpty ? [HoldoutMetric.primary(isClassification: isClassification)] : named
            return metrics.map { ($0, allowed) }
        case .each(let values):
            return values.keys.sorted().compactMap { name in
                guard let metric = HoldoutMetric(rawValue: name), let allowed = values[name] else { return nil }
                return (metric, allowed)
            }
        }
    }

    /// A metric's value in a reason: four decimals.
    static func format(_ value: Double) -> String {
        String(format: "%.4f", value)
    }

    /// A limit as the params gave it: the shortest form that reads back as the same number.
    static func format(limit: Double) -> String {
        if limit == limit.rounded(), abs(limit) < 1e15 { return String(Int64(limit)) }
        return "\(limit)"
    }
}
