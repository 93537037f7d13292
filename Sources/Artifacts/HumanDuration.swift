/// Durations as people write them in configuration: `45s`, `20m`, `12h`, `90d`, `2w`.
public enum HumanDuration {
    /// Seconds in `text`, or nil when it is not a positive whole number followed by one of
    /// s, m, h, d, w. (`ms` is accepted too, for sub-second backoffs in tests.)
    public static func seconds(_ text: String) -> Double? {
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600), ("d", 86400), ("w", 604_800)]
        for (suffix, factor) in units where text.hasSuffix(suffix) {
            let number = text.dropLast(suffix.count)
            guard !number.isEmpty, number.allSatisfy(\.isNumber), let value = Double(number) else { continue }
            return value * factor
        }
        return nil
    }
}
