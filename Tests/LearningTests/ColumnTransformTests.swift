import Foundation
import Learning
import Testing

@Suite struct ColumnTransformTests {
    @Test(arguments: ["binary", "multiclass", "regression"])
    func fittedValuesMatchScikitLearn(dataset name: String) throws {
        let fixture = try Fixture.dataset(name)
        let (table, train, _) = try fixture.splits()
        let transform = try ColumnTransform.fit(
            table.featureColumns(numeric: fixture.numeric, categorical: fixture.categorical, rows: train))

        // Same sums in the same (numpy pairwise) order: the fitted values are bit-identical.
        let expected = fixture.transform
        #expect(transform.imputer.statistics == expected.statistics)
        #expect(transform.scaler.means == expected.mean)
        #expect(transform.scaler.variances == expected.var)
        #expect(transform.scaler.scales == expected.scale)
        #expect(transform.encoder.categories == expected.categories)
        #expect(transform.featureNames == expected.featureNames)
    }

    @Test(arguments: ["binary", "multiclass", "regression"])
    func transformedMatricesMatchScikitLearn(dataset name: String) throws {
        let fixture = try Fixture.dataset(name)
        let (table, train, holdout) = try fixture.splits()
        let transform = try ColumnTransform.fit(
            table.featureColumns(numeric: fixture.numeric, categorical: fixture.categorical, rows: train))
        for (rows, expected) in [(train, fixture.trainFeatures), (holdout, fixture.holdoutFeatures)] {
            let matrix = try transform.transform(
                table.featureColumns(numeric: fixture.numeric, categorical: fixture.categorical, rows: rows))
            let reference = DenseMatrix(rows: expected)
            #expect(matrix.rows == reference.rows)
            #expect(matrix.columns == reference.columns)
            let worst = zip(matrix.elements, reference.elements).map { abs($0 - $1) }.max() ?? 0
            #expect(worst == 0, "largest absolute difference \(worst)")
        }
    }

    @Test func zeroVarianceColumnHasScaleOneAndBecomesZeros() throws {
        let transform = try ColumnTransform.fit([.numeric(name: "c", values: [3, 3, 3, .nan])])
        #expect(transform.scaler.scales == [1])
        let matrix = try transform.transform([.numeric(name: "c", values: [3, .nan, 5])])
        #expect(matrix.elements == [0, 0, 2])
    }

    @Test func missingCategoryIsACategoryOnlyWhenSeenInTraining() throws {
        let withMissing = try ColumnTransform.fit([.categorical(name: "k", values: ["b", nil, "a"])])
        #expect(withMissing.encoder.categories == [["a", "b", nil]])
        let encoded = try withMissing.transform([.categorical(name: "k", values: [nil, "z", "a"])])
        #expect(encoded.elements == [0, 0, 1, 0, 0, 0, 1, 0, 0])

        let without = try ColumnTransform.fit([.categorical(name: "k", values: ["b", "a"])])
        let unknown = try without.transform([.categorical(name: "k", values: [nil, "b"])])
        #expect(unknown.elements == [0, 0, 0, 1])
    }

    @Test func categoriesSortByUnicodeScalarsAndKeepCanonicalEquivalentsApart() throws {
        let composed = "\u{E9}"  // é
        let decomposed = "e\u{301}"  // e + combining acute: equal as Swift Strings, not in Python
        let transform = try ColumnTransform.fit([.categorical(name: "k", values: ["b", composed, "B", decomposed])])
        #expect(transform.encoder.categories[0].count == 4)
        let scalars = transform.encoder.categories[0].map { $0.map { $0.unicodeScalars.map(\.value) } ?? [] }
        // Python order: "B" (0x42) < "b" (0x62) < "e\u{301}" (0x65 …) < "\u{E9}".
        #expect(scalars == [[0x42], [0x62], [0x65, 0x301], [0xE9]])
    }

    @Test func manyCategoriesUseTheSameOrderAndEncoding() throws {
        // 30 categories: past the linear-scan limit, so the hashed paths run.
        let names = (0..<30).map { "c\($0)" }
        let values: [String?] = names.reversed() + [nil] + names
        let transform = try ColumnTransform.fit([.categorical(name: "k", values: values)])
        let expected: [String?] = names.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) } + [nil]
        #expect(transform.encoder.categories == [expected])
        let matrix = try transform.transform([.categorical(name: "k", values: ["c7", nil, "zzz"])])
        #expect(matrix.columns == 31)
        #expect(matrix.row(0).firstIndex(of: 1) == expected.firstIndex(of: "c7"))
        #expect(matrix.row(1).firstIndex(of: 1) == 30)
        #expect(matrix.row(2).allSatisfy { $0 == 0 })
    }

    @Test func jsonIsStableAndRoundTrips() throws {
        let fixture = try Fixture.dataset("regression")
        let (table, train, holdout) = try fixture.splits()
        let columns = try table.featureColumns(numeric: fixture.numeric, categorical: fixture.categorical, rows: train)
        let first = try ColumnTransform.fit(columns).jsonData()
        let second = try ColumnTransform.fit(columns).jsonData()
        #expect(first == second)
        let decoded = try JSONDecoder().decode(ColumnTransform.self, from: first)
        #expect(try decoded.jsonData() == first)
        let holdoutColumns = try table.featureColumns(
            numeric: fixture.numeric, categorical: fixture.categorical, rows: holdout)
        #expect(try decoded.transform(holdoutColumns) == (try ColumnTransform.fit(columns).transform(holdoutColumns)))
        let text = String(decoding: first, as: UTF8.self)
        #expect(text.contains("\"format\" : \"retrain.column-transform.v1\""))
        #expect(text.contains("null"))  // the dropped all-missing column and the missing category
    }

    @Test func errorsNameTheColumn() throws {
        let transform = try ColumnTransform.fit([
            .numeric(name: "amount", values: [1, 2]), .categorical(name: "city", values: ["a", "b"]),
        ])
        #expect(throws: LearningError.missingColumn("city")) {
            try transform.transform([.numeric(name: "amount", values: [1])])
        }
        #expect(throws: LearningError.wrongColumnKind("amount", expected: "numeric")) {
            try transform.transform([
                .categorical(name: "amount", values: ["1"]), .categorical(name: "city", values: ["a"]),
            ])
        }
        #expect(throws: LearningError.lengthMismatch("city", expected: 1, actual: 2)) {
            try transform.transform([
                .numeric(name: "amount", values: [1]), .categorical(name: "city", values: ["a", "b"]),
            ])
        }
        #expect(LearningError.missingColumn("city").description.contains("'city'"))
    }
}
