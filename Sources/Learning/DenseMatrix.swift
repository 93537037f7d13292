/// A dense, row-major matrix of `Double`s: the feature matrix every estimator reads.
///
/// Row-major because the estimators' hot loops walk one sample (row) at a time: a row is
/// contiguous, so the dot product with the coefficients and the gradient update both stream
/// through memory once. Building from columns costs one allocation and one pass
/// (``init(rows:columns:fillingColumns:)`` writes columns straight into the storage).
public struct DenseMatrix: Sendable, Equatable {
    /// Number of rows (samples).
    public let rows: Int
    /// Number of columns (features).
    public let columns: Int
    /// The elements, row after row: element (i, j) is at `i * columns + j`.
    public private(set) var elements: [Double]

    /// A matrix over existing row-major elements; `elements.count` must be `rows * columns`.
    public init(rows: Int, columns: Int, elements: [Double]) {
        precondition(rows >= 0 && columns >= 0, "matrix dimensions must not be negative")
        precondition(elements.count == rows * columns, "element count must be rows × columns")
        self.rows = rows
        self.columns = columns
        self.elements = elements
    }

    /// A matrix with every element set to `value`.
    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        self.init(rows: rows, columns: columns, elements: Array(repeating: value, count: rows * columns))
    }

    /// A matrix from column arrays, all of the same length.
    public init(columns columnArrays: [[Double]]) {
        let rowCount = columnArrays.first?.count ?? 0
        precondition(columnArrays.allSatisfy { $0.count == rowCount }, "columns must have equal lengths")
        self.init(rows: rowCount, columns: columnArrays.count) { column, destination in
            columnArrays[column].withUnsafeBufferPointer { source in
                for row in destination.rows { destination[row] = source[row] }
            }
        }
    }

    /// A matrix from row arrays, all of the same length.
    public init(rows rowArrays: [[Double]]) {
        let columnCount = rowArrays.first?.count ?? 0
        precondition(rowArrays.allSatisfy { $0.count == columnCount }, "rows must have equal lengths")
        self.init(rows: rowArrays.count, columns: columnCount, elements: rowArrays.flatMap { $0 })
    }

    /// Builds a matrix column by column without intermediate arrays.
    ///
    /// `fill(j, column)` must write the rows `column.rows` of column `j` through
    /// `column[row]`. It is called for one block of rows at a time, every column in turn, so
    /// the block being written stays in cache however tall the matrix is.
    public init(rows: Int, columns: Int, fillingColumns fill: (Int, inout StridedColumn) throws -> Void) rethrows {
        precondition(rows >= 0 && columns >= 0, "matrix dimensions must not be negative")
        let count = rows * columns
        let elements = try [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
            // Zero first so that a fill that throws midway never leaves uninitialized doubles.
            buffer.initialize(repeating: 0)
            initialized = count
            guard let base = buffer.baseAddress, columns > 0 else { return }
            let blockRows = max(1, Self.blockBytes / (columns * MemoryLayout<Double>.stride))
            for blockStart in stride(from: 0, to: rows, by: blockRows) {
                let block = blockStart..<min(blockStart + blockRows, rows)
                for column in 0..<columns {
                    var accessor = StridedColumn(base: base + column, stride: columns, rows: block)
                    try fill(column, &accessor)
                }
            }
        }
        self.init(rows: rows, columns: columns, elements: elements)
    }

    /// Size of the row blocks ``init(rows:columns:fillingColumns:)`` writes at a time (fits L2).
    static let blockBytes = 128 * 1024

    /// Element at (`row`, `column`).
    public subscript(row: Int, column: Int) -> Double {
        get { elements[row * columns + column] }
        set { elements[row * columns + column] = newValue }
    }

    /// A copy of one row.
    public func row(_ index: Int) -> [Double] {
        Array(elements[(index * columns)..<((index + 1) * columns)])
    }

    /// A copy of one column.
    public func column(_ index: Int) -> [Double] {
        precondition(index >= 0 && index < columns, "column index out of range")
        return (0..<rows).map { elements[$0 * columns + index] }
    }

    /// The rows at `indices`, in that order (e.g. a train or holdout split).
    public func selectingRows(_ indices: [Int]) -> DenseMatrix {
        var result = [Double]()
        result.reserveCapacity(indices.count * columns)
        for index in indices {
            result.append(contentsOf: elements[(index * columns)..<((index + 1) * columns)])
        }
        return DenseMatrix(rows: indices.count, columns: columns, elements: result)
    }

    /// Calls `body` with the row-major storage.
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Double>) throws -> R) rethrows -> R {
        try elements.withUnsafeBufferPointer(body)
    }

    /// A view of one column of a matrix under construction, limited to a block of rows.
    public struct StridedColumn {
        let base: UnsafeMutablePointer<Double>
        let stride: Int
        /// The rows of this block; subscripts take these (absolute) row indices.
        public let rows: Range<Int>

        /// Writes (or reads) the element of this column at `row`, which must be in ``rows``.
        public subscript(row: Int) -> Double {
            get {
                precondition(rows.contains(row), "row index outside the block")
                return base[row * stride]
            }
            nonmutating set {
                precondition(rows.contains(row), "row index outside the block")
                base[row * stride] = newValue
            }
        }
    }
}
