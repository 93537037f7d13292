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
