extension DenseMatrix {
    /// Calls `body` with a pointer to the row-major elements; for an empty matrix the pointer
    /// is valid but must not be read (loops over zero rows or columns never do).
    func withElementPointer<R>(_ body: (UnsafePointer<Double>) throws -> R) rethrows -> R {
        try elements.withContiguousElementPointer(body)
    }
}

extension Array where Element == Double {
    /// Calls `body` with a pointer to the elements, or to a stand-in double when the array is
    /// empty, so kernels need no optional base address.
    func withContiguousElementPointer<R>(_ body: (UnsafePointer<Double>) throws -> R) rethrows -> R {
        try withUnsafeBufferPointer { buffer in
            if let base = buffer.baseAddress { return try body(base) }
            var standIn = 0.0
            return try withUnsafePointer(to: &standIn) { try body($0) }
        }
    }
}

/// Loads four consecutive doubles from any (possibly unaligned) address.
@inline(__always)
func loadVector(_ pointer: UnsafePointer<Double>) -> SIMD4<Double> {
    UnsafeRawPointer(pointer).loadUnaligned(as: SIMD4<Double>.self)
}

extension DenseMatrix {
    /// True when no element is NaN or infinite (one branch-free pass: any non-finite value
    /// makes `x − x` NaN, and NaN survives the sum).
    var isFinite: Bool {
        elements.withUnsafeBufferPointer { buffer in
            var accumulator = SIMD4<Double>.zero
            let blocks = buffer.count / 4
            if let base = buffer.baseAddress {
                for k in 0..<blocks {
                    let v = loadVector(base + 4 * k)
                    accumulator += v - v
                }
            }
            var total = accumulator.sum()
            for index in (4 * blocks)..<buffer.count { total += buffer[index] - buffer[index] }
            return total == 0
        }
    }
}
