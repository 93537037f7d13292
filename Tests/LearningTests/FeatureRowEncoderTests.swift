import Learning
import TestSupport
import Testing

/// Instances given one field at a time (the server reading a request's bytes) score to the
/// same bits as the same instances given whole, and everything the module would refuse the
/// encoder refuses too, so the caller can fall back to the path that names the fault.
@Suite struct FeatureRowEncoderTests {
    /// Scores `instances` (fields in the given order) field by field, as the server reads them.
    static func predict(_ module: InferenceModule, _ instances: [[(String, FeatureValue)]]) -> PredictionBatch? {
        module.predictFieldByField(instances.map { FeatureRecord($0) })
    }

    /// An instance's fields in the schema's order (0), reversed (1) or shuffled (2).
    static func ordered(
        _ instance: [String: FeatureValue], schema: [String], order: Int, using generator: inout SplitMix64
    ) -> [(String, FeatureValue)] {
        var names = schema + instance.keys.filter { !schema.contains($0) }.sorted()
        if order == 1 { names.reverse() }
        if order == 2 { names.shuffle(using: &generator) }
        return names.compactMap { name in instance[name].map { (name, $0) } }
    }

    @Test(arguments: ["binary", "multiclass", "regression"])
    func fieldByFieldScoresExactlyAsWholeInstancesInAnyOrder(_ name: String) throws {
        let (module, _, instances) = try InferenceModuleTests.fitted(name)
        let schema = module.inputSchema.fields.map(\.name)
        var generator = SplitMix64(state: 11)
        let expected = try module.predict(instances)
        for order in 0..<3 {
            let given = instances.map { Self.ordered($0, schema: schema, order: order, using: &generator) }
            #expect(Self.predict(module, given) == expected, "order \(order)")
        }
        for row in [0, 5, instances.count - 1] {
            let one = Self.ordered(instances[row], schema: schema, order: 2, using: &generator)
            #expect(Self.predict(module, [one]) == (try module.predict(instances[row])))
        }
    }

    /// Past the stack room its first rows go into (512 doubles), the encoder moves its rows to
    /// memory of its own, doubling it as it fills; every row survives each move.
    @Test func batchesBeyondTheStackRoomScoreAsWholeInstances() throws {
        let (module, _, instances) = try InferenceModuleTests.fitted("multiclass")
        let schema = module.inputSchema.fields.map(\.name)
        var generator = SplitMix64(state: 13)
        for count in [1, 63, 64, 65, 200, 1_000] {
            let batch = (0..<count).map { instances[$0 % instances.count] }
            let given = batch.map { Self.ordered($0, schema: schema, order: 2, using: &generator) }
            #expect(Self.predict(module, given) == (try module.predict(batch)), "\(count) instances")
        }
    }

    @Test func missingValuesAndUnseenCategoriesEncodeAsWholeInstancesDo() throws {
        let (module, _, instances) = try InferenceModuleTests.fitted("binary")
        let schema = module.inputSchema.fields.map(\.name)
        var generator = SplitMix64(state: 3)
        var variants: [[String: FeatureValue]] = []
        for field in schema {
            var missing = instances[1]
            missing[field] = .null
            variants.append(missing)
        }
        for city in ["Reykjavík", "", "reykjavik", "Oslo "] {
            var unseen = instances[2]
            unseen["city"] = .string(city)
            variants.append(unseen)
        }
        for variant in variants {
            let one = Self.ordered(variant, schema: schema, order: 2, using: &generator)
            #expect(Self.predict(module, [one]) == (try module.predict(variant)), "\(variant)")
        }
    }

    /// Each kind of instance the module refuses, the encoder refuses too.
    @Test(arguments: ["binary", "multiclass", "regression"])
    func whatTheModuleRefusesTheEncoderRefuses(_ name: String) throws {
        let (module, _, instances) = try InferenceModuleTests.fitted(name)
        let schema = module.inputSchema.fields.map(\.name)
        let numeric = try #require(module.inputSchema.fields.first { $0.type == .number }).name
        let text = module.inputSchema.fields.first { $0.type == .string }?.name
        var generator = SplitMix64(state: 5)
        var refused: [[(String, FeatureValue)]] = []
        let changes: [(inout [String: FeatureValue]) -> Void] = [
            { $0[numeric] = nil },
            { $0[numeric] = .string("3.5") },
            { $0[numeric] = .number(.nan) },
            { $0[numeric] = .number(.infinity) },
            { $0[numeric] = .number(-.infinity) },
            { $0[numeric] = .bool(true) },
            { $0[numeric] = .array([]) },
            { $0["zeta"] = .number(1) },
            { $0["label"] = .null },
        ] + (text.map { text in [{ $0[text] = .number(1) }, { $0[text] = .object([:]) }, { $0[text] = nil }] } ?? [])
        for change in changes {
            var instance = instances[4]
            change(&instance)
            #expect(throws: InferenceError.self) { try module.predict([instances[0], instance]) }
            for order in 0..<3 {
                refused.append(Self.ordered(instance, schema: schema, order: order, using: &generator))
            }
        }
        refused.append([])
        for instance in refused {
            let first = Self.ordered(instances[0], schema: schema, order: 0, using: &generator)
            #expect(Self.predict(module, [first, instance]) == nil, "\(instance)")
        }
        #expect(module.predict { _ in true } == nil, "no instance")
        // A field set twice (records and dictionaries cannot even hold one): every field null,
        // then the first again. The same instance without the repeat is taken, so only the
        // repeat can make the second one fail.
        func allNull(settingFirstTwice: Bool) -> PredictionBatch? {
            module.predict { encoder in
                encoder.beginInstance()
                var fields = [Int]()
                for (position, name) in schema.enumerated() {
                    var name = name
                    guard let field = name.withUTF8({ encoder.field(named: UnsafeRawBufferPointer($0), expectedAt: position) })
                    else { return false }
                    fields.append(field)
                }
                for field in settingFirstTwice ? fields + [fields[0]] : fields {
                    guard encoder.setNull(field: field) else { return false }
                }
                return encoder.endInstance()
            }
        }
        #expect(allNull(settingFirstTwice: false) != nil)
        #expect(allNull(settingFirstTwice: true) == nil)
        let valid = Self.ordered(instances[4], schema: schema, order: 0, using: &generator)
        #expect(Self.predict(module, [valid]) != nil)
    }

    /// A synthetic model: `numeric` number fields, and one string field with `categories` values.
    static func synthetic(numeric: Int, categories: Int) throws -> InferenceModule {
        var generator = SplitMix64(state: 9)
        let rows = 3 * max(categories, 4)
        var columns: [FeatureColumn] = (0..<numeric).map { column in
            .numeric(name: "x\(column)", values: (0..<rows).map { _ in Double(generator.next() % 1000) / 10 })
        }
        columns.append(.categorical(name: "kind", values: (0..<rows).map { row in row % 7 == 6 ? nil : "k\(row % categories)" }))
        let transform = try ColumnTransform.fit(columns)
        let targets = (0..<rows).map { _ in Double(generator.next() % 100) }
        return try InferenceModule(transform: transform, model: .ridge(try Ridge(alpha: 1).fit(try transform.transform(columns), targets: targets)))
    }

    @Test func manyCategoriesAreLookedUpAsTheEncoderDoes() throws {
        let module = try Self.synthetic(numeric: 2, categories: 40)
        for kind in (0..<40).map({ FeatureValue.string("k\($0)") }) + [.string("k40"), .string("k"), .null] {
            let instance: [String: FeatureValue] = ["x0": .number(1.5), "x1": .number(-2), "kind": kind]
            let fields: [(String, FeatureValue)] = [("kind", kind), ("x1", .number(-2)), ("x0", .number(1.5))]
            #expect(Self.predict(module, [fields]) == (try module.predict(instance)), "\(kind)")
        }
    }

    @Test func aModelOfMoreFieldsThanTheEncoderTakesIsLeftToRecords() throws {
        for (numeric, expectEncoded) in [(63, true), (64, false)] {
            let module = try Self.synthetic(numeric: numeric, categories: 3)
            var instance: [String: FeatureValue] = ["kind": .string("k1")]
            for column in 0..<numeric { instance["x\(column)"] = .number(Double(column)) }
            let fields = instance.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
            let encoded = Self.predict(module, [fields])
            #expect((encoded != nil) == expectEncoded, "\(numeric + 1) fields")
            if let encoded { #expect(encoded == (try module.predict(instance))) }
            #expect(module.takesFieldByField == expectEncoded)
        }
    }
}
