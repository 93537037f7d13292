import Learning
import Testing

/// The instance shape the server parses into: each name once, found at its expected position
/// or anywhere else, narrow (scanned) or wide (indexed).
@Suite struct FeatureRecordTests {
    @Test func aRepeatedNameIsRefusedAndChangesNothing() {
        var record = FeatureRecord()
        let inserted = [
            record.insert(.number(1), named: "a"), record.insert(.string("x"), named: "b"), record.insert(.number(2), named: "a"),
        ]
        #expect(inserted == [true, true, false])
        #expect(record.count == 2)
        #expect(record["a"] == .number(1))
        #expect(record.names == ["a", "b"])
    }

    /// Across the width where names start to be indexed: every name found from every wrong
    /// hint, every repeat refused, before and after the index exists.
    @Test(arguments: [3, FeatureRecord.indexedWidth, FeatureRecord.indexedWidth + 1, 100])
    func namesAreFoundFromAnyHintAndRepeatsRefusedAtAnyWidth(_ width: Int) {
        var record = FeatureRecord()
        for position in 0..<width {
            let new = record.insert(.number(Double(position)), named: "field\(position)")
            let repeated = record.insert(.null, named: "field\(position / 2)")
            #expect(new && !repeated, "field\(position)")
        }
        #expect(record.count == width)
        for position in 0..<width {
            for hint in [-1, 0, position, width - 1 - position, width, width + 7] {
                #expect(record.value(named: "field\(position)", at: hint) == .number(Double(position)))
            }
        }
        #expect(record.value(named: "field\(width)", at: 0) == nil)
        #expect(record["missing"] == nil)
        #expect(record.names == (0..<width).map { "field\($0)" })
    }

    @Test func recordsAreEqualWhateverTheOrderOfTheirFields() {
        let forward: FeatureRecord = ["a": .number(1), "b": .string("x"), "c": .null]
        let backward: FeatureRecord = ["c": .null, "b": .string("x"), "a": .number(1)]
        #expect(forward == backward)
        #expect(forward != ["a": .number(1), "b": .string("y"), "c": .null])
        #expect(forward != ["a": .number(1), "b": .string("x")])
        #expect(forward.dictionary == ["a": .number(1), "b": .string("x"), "c": .null])
    }
}
