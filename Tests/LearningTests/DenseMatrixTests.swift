import Learning
import Testing

@Suite struct DenseMatrixTests {
    @Test func columnsAndRowsBuildTheSameRowMajorStorage() {
        let byColumns = DenseMatrix(columns: [[1, 2, 3], [4, 5, 6]])
        let byRows = DenseMatrix(rows: [[1, 4], [2, 5], [3, 6]])
        #expect(byColumns == byRows)
        #expect(byColumns.elements == [1, 4, 2, 5, 3, 6])
        #expect(byColumns[2, 1] == 6)
        #expect(byColumns.row(1) == [2, 5])
        #expect(byColumns.column(1) == [4, 5, 6])
    }

    @Test func fillingColumnsWritesThroughTheStride() {
        let matrix = DenseMatrix(rows: 2, columns: 3) { column, destination in
            for row in destination.rows { destination[row] = Double(10 * row + column) }
        }
        #expect(matrix.elements == [0, 1, 2, 10, 11, 12])
        // Taller than one block: every row of every block is written once.
        let tall = DenseMatrix(rows: 20_000, columns: 3) { column, destination in
            for row in destination.rows { destination[row] += Double(row * 3 + column) }
        }
        #expect(tall.elements == (0..<60_000).map(Double.init))
    }

    @Test func selectingRowsKeepsTheGivenOrder() {
        let matrix = DenseMatrix(rows: [[1], [2], [3]])
        #expect(matrix.selectingRows([2, 0]).elements == [3, 1])
    }

    @Test func emptyMatricesAreValid() {
        #expect(DenseMatrix(columns: []).rows == 0)
        #expect(DenseMatrix(rows: 3, columns: 0).elements.isEmpty)
    }
}
