extension Array where Element: AdditiveArithmetic {
    /// `count` zeros, as `Array(repeating: .zero, count: count)` makes them, but cheaper for
    /// the small arrays of a one-instance prediction.
    ///
    /// `Array(repeating:count:)` allocates through the standard library's unspecialized
    /// generic entry point, which looks up the storage class's metadata at run time on every
    /// call (~55 ns more than this, measured on this machine); reserving room in an empty
    /// array takes a path specialized for `Element`. An empty array allocates nothing.
    static func zeros(_ count: Int) -> [Element] {
        var zeros: [Element] = []
        guard count > 0 else { return zeros }
        zeros.reserveCapacity(count)
        zeros.append(contentsOf: repeatElement(.zero, count: count))
        return zeros
    }
}
