/// A feature matrix on disk: `rows × columns` little-endian doubles, row-major, no header.
///
/// The format between preprocess and train/evaluate. It is the byte image of a
/// ``DenseMatrix``'s storage, so reading is one `read(2)` straight into the matrix (no
/// parsing, no second buffer) and writing streams blocks of transformed rows without ever
/// holding the whole matrix. Its shape lives beside it (preprocess's `dataset.json`); the
/// file size is checked against it.
public enum FeatureMatrixFile {
    /// Transforms `columns` with `transform` and writes the features to `path`, a block of
    /// rows at a time; returns the number of rows written.
    @discardableResult
    public static func write(_ columns: [FeatureColumn], transform: ColumnTransform, to path: String) throws -> Int {
        let file = try ColumnFile.create(path)
        var rows = 0
        try transform.transform(columns) { block, values in
            try file.write(UnsafeRawBufferPointer(values))
            rows += block.count
        }
        try file.close()
        return rows
    }

    /// Writes an existing matrix to `path`.
    public static func write(_ matrix: DenseMatrix, to path: String) throws {
        let file = try ColumnFile.create(path)
        try matrix.withUnsafeBufferPointer { try file.write(UnsafeRawBufferPointer($0)) }
        try file.close()
    }

    /// Reads a `rows × columns` matrix from `path`; the file must be exactly that long.
    public static func read(_ path: String, rows: Int, columns: Int) throws(TableError) -> DenseMatrix {
        let elements = try ColumnFile.readArray(path, count: rows * columns, of: Double.self)
        return DenseMatrix(rows: rows, columns: columns, elements: elements)
    }
}
