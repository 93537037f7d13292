public import ArgumentParser

/// A size in bytes as people write it on a command line: `1048576`, `512KiB`, `1MiB`, `2MB`.
///
/// Binary suffixes (KiB, MiB, GiB) count in 1024s, decimal ones (kB, MB, GB) in 1000s, `B` or
/// no suffix is bytes. Case is ignored in the letters after the number except that `KiB`
/// and `kB` are told apart by the `i`.
public struct ByteCount: Sendable, Hashable, ExpressibleByArgument, CustomStringConvertible {
    public var bytes: Int

    public init(bytes: Int) {
        self.bytes = bytes
    }

    public init?(argument: String) {
        let text = argument.trimmingCharacters(in: " ")
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, let number = Int(digits) else { return nil }
        let factors: [String: Int] = [
            "": 1, "b": 1,
            "kib": 1 << 10, "mib": 1 << 20, "gib": 1 << 30,
            "kb": 1000, "mb": 1_000_000, "gb": 1_000_000_000,
        ]
        guard let factor = factors[text.dropFirst(digits.count).lowercased()] else { return nil }
        let (product, overflow) = number.multipliedReportingOverflow(by: factor)
        guard !overflow, product > 0 else { return nil }
        bytes = product
    }

    public var description: String {
        if bytes % (1 << 20) == 0 { return "\(bytes >> 20)MiB" }
        if bytes % (1 << 10) == 0 { return "\(bytes >> 10)KiB" }
        return "\(bytes)B"
    }
}

extension String {
    fileprivate func trimmingCharacters(in character: Character) -> Substring {
        let start = firstIndex { $0 != character } ?? endIndex
        let end = lastIndex { $0 != character }.map { index(after: $0) } ?? start
        return self[start..<max(start, end)]
    }
}
