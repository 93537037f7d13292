import Foundation
import Scheduling
import Testing

/// Our fire times against croniter's, for the thousands of random expressions that
/// `scripts/reference/make-cron-fixtures` recorded (fixed seed, several zones, starts near
/// daylight-saving changes).
///
/// Where croniter departs from cron(5) the generator classified the case explicitly (see the
/// rules in `scripts/reference/cron_fixtures.py`): it asked croniter an equivalent question
/// (`star-day-rule`, `equal-range`, `dow-start-step`), dropped croniter times that our
/// documented DST rules say do not fire (`fall-back-repeat`, `gap-shift-not-fixed`), or added
/// second-pass times croniter misses in some overlaps (`fall-back-second-pass`). This test
/// re-checks every such classification against our own rules, then compares every time.
@Suite struct CroniterAgreementTests {
    struct Case: Decodable {
        /// A croniter time our rules drop, or a time our rules add that croniter missed.
        struct Adjusted: Decodable {
            let time: String
            let rule: String
        }

        let id: Int
        let expr: String
        let tz: String
        let after: String
        let croniter: String
        let dayOr: Bool
        let tags: [String]
        let times: [String]
        let dropped: [Adjusted]
        let inserted: [Adjusted]
    }

    static let fixture = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .appendingPathComponent("Fixtures/croniter-fire-times.jsonl.gz")

    static func loadCases() throws -> [Case] {
        let gunzip = Process()
        gunzip.executableURL = URL(fileURLWithPath: "/bin/gzip")
        gunzip.arguments = ["-dc", fixture.path]
        let pipe = Pipe()
        gunzip.standardOutput = pipe
        try gunzip.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        gunzip.waitUntilExit()
        #expect(gunzip.terminationStatus == 0)
        let decoder = JSONDecoder()
        return try data.split(separator: UInt8(ascii: "\n")).map { try decoder.decode(Case.self, from: $0) }
    }

    @Test func agreesWithCroniterWhereItFollowsCron5AndWithOurRulesWhereItDoesNot() throws {
        let cases = try Self.loadCases()
        #expect(cases.count >= 5000)

        var comparedTimes = 0
        var verbatimCases = 0
        var verbatimTimes = 0
        var casesByRule: [String: Int] = [:]
        var mismatches: [String] = []
        var zones: [String: TimeZone] = [:]

        for testCase in cases {
            guard let zone = zones[testCase.tz] ?? TimeZone(identifier: testCase.tz) else {
                Issue.record("case \(testCase.id): unknown zone \(testCase.tz)")
                continue
            }
            zones[testCase.tz] = zone
            let expression = try CronExpression(testCase.expr)
            let after = try #require(ISO8601Timestamp.date(from: testCase.after, in: zone))

            checkClassification(testCase, expression: expression, zone: zone)
            for rule in Set(testCase.tags + testCase.dropped.map(\.rule) + testCase.inserted.map(\.rule)) {
                casesByRule[rule, default: 0] += 1
            }

            let ours = expression.fireTimes(after: after, in: zone)
                .prefix(testCase.times.isEmpty ? 1 : testCase.times.count)
                .map { ISO8601Timestamp.string(from: $0, in: zone) }
            comparedTimes += testCase.times.count
            if ours != testCase.times {
                let firstDifference = zip(ours, testCase.times).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(ours.count, testCase.times.count)
                mismatches.append(
                    "case \(testCase.id) '\(testCase.expr)' \(testCase.tz) after \(testCase.after) "
                        + "tags \(testCase.tags) dropped \(testCase.dropped.map(\.rule)): at #\(firstDifference) "
                        + "ours \(ours.dropFirst(firstDifference).first ?? "nothing") "
                        + "expected \(testCase.times.dropFirst(firstDifference).first ?? "nothing")"
                )
            } else if testCase.tags.isEmpty && testCase.dropped.isEmpty && testCase.inserted.isEmpty {
                verbatimCases += 1
                verbatimTimes += testCase.times.count
            }
        }

        for mismatch in mismatches.prefix(25) {
            Issue.record(Comment(rawValue: mismatch))
        }
        #expect(mismatches.count == 0, "cases differ (first 25 recorded above)")
        let rules = casesByRule.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        print(
            "croniter agreement: \(cases.count) cases, \(comparedTimes) fire times compared, "
                + "\(mismatches.count) cases differ; \(verbatimCases) cases (\(verbatimTimes) times) equal "
                + "croniter verbatim; classified departures (cases): \(rules)"
        )
    }

    /// Every classification must be one our documented rules explain, checked with our API.
    private func checkClassification(_ testCase: Case, expression: CronExpression, zone: TimeZone) {
        let fields = Self.fields(of: testCase.expr)
        for tag in testCase.tags {
            switch tag {
            case "star-day-rule":
                // cron(5): a day field starting with '*' makes both fields have to match.
                #expect(!expression.usesEitherDayRule, "case \(testCase.id): \(tag) but both day fields restricted")
                #expect(fields[2].hasPrefix("*") || fields[4].hasPrefix("*"))
                #expect(!testCase.dayOr, "case \(testCase.id): \(tag) must ask croniter with day_or=False")
            case "equal-range":
                #expect(fields.contains { Self.hasEqualRange($0) }, "case \(testCase.id): \(tag) without a-a")
            case "dow-start-step":
                #expect(
                    fields[4].split(separator: ",").contains { $0.contains("/") && !$0.contains("-") && !$0.hasPrefix("*") },
                    "case \(testCase.id): \(tag) without a/step in day-of-week"
                )
            default:
                Issue.record("case \(testCase.id): unknown classification \(tag)")
            }
        }
        if testCase.tags.isEmpty {
            #expect(testCase.croniter == testCase.expr, "case \(testCase.id): rewritten without a classification")
        }
        #expect(
            testCase.dayOr == expression.usesEitherDayRule,
            "case \(testCase.id): croniter asked with day_or=\(testCase.dayOr)"
        )

        let minutes = expression.allowedValues(of: .minute)
        let hours = expression.allowedValues(of: .hour)
        for dropped in testCase.dropped {
            guard let instant = ISO8601Timestamp.date(from: dropped.time, in: zone) else {
                Issue.record("case \(testCase.id): bad dropped time \(dropped.time)")
                continue
            }
            let wall = Self.wallClock(of: instant, in: zone)
            switch dropped.rule {
            case "fall-back-repeat":
                // A fixed time fires once, at the first occurrence: this one repeats a wall
                // time shown earlier (the offset was larger just before).
                #expect(expression.isFixedTime, "case \(testCase.id): repeat dropped for a non-fixed time")
                let shift = TimeInterval(zone.secondsFromGMT(for: instant.addingTimeInterval(-3 * 3600)) - zone.secondsFromGMT(for: instant))
                #expect(shift > 0, "case \(testCase.id): \(dropped.time) does not follow a fall-back")
                let earlier = instant.addingTimeInterval(-shift)
                #expect(
                    Self.wallClock(of: earlier, in: zone) == wall,
                    "case \(testCase.id): \(dropped.time) was not shown before"
                )
            case "gap-shift-not-fixed":
                // A non-fixed expression fires only at wall times it matches.
                #expect(!expression.isFixedTime, "case \(testCase.id): gap shift dropped for a fixed time")
                #expect(
                    !(minutes.contains(wall.minute) && hours.contains(wall.hour)),
                    "case \(testCase.id): \(dropped.time) matches the expression"
                )
            default:
                Issue.record("case \(testCase.id): unknown drop rule \(dropped.rule)")
            }
        }
        for inserted in testCase.inserted {
            guard let instant = ISO8601Timestamp.date(from: inserted.time, in: zone) else {
                Issue.record("case \(testCase.id): bad inserted time \(inserted.time)")
                continue
            }
            let wall = Self.wallClock(of: instant, in: zone)
            switch inserted.rule {
            case "fall-back-second-pass":
                // A non-fixed expression keeps firing in real time through both passes: this
                // matching wall time is the second pass of a fall-back.
                #expect(!expression.isFixedTime, "case \(testCase.id): second pass inserted for a fixed time")
                #expect(minutes.contains(wall.minute) && hours.contains(wall.hour))
                let shift = TimeInterval(zone.secondsFromGMT(for: instant.addingTimeInterval(-3 * 3600)) - zone.secondsFromGMT(for: instant))
                #expect(shift > 0, "case \(testCase.id): \(inserted.time) does not follow a fall-back")
                #expect(
                    Self.wallClock(of: instant.addingTimeInterval(-shift), in: zone) == wall,
                    "case \(testCase.id): \(inserted.time) is not a second pass"
                )
            default:
                Issue.record("case \(testCase.id): unknown insert rule \(inserted.rule)")
            }
        }
    }

    private static func fields(of expr: String) -> [String] {
        let macros = [
            "@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *",
            "@weekly": "0 0 * * 0", "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@hourly": "0 * * * *",
        ]
        return (macros[expr.lowercased()] ?? expr).split(separator: " ").map(String.init)
    }

    private static func hasEqualRange(_ field: String) -> Bool {
        field.split(separator: ",").contains { term in
            let ends = term.split(separator: "/")[0].split(separator: "-")
            return ends.count == 2 && Self.numberOrName(ends[0]) == Self.numberOrName(ends[1])
        }
    }

    private static func numberOrName(_ text: Substring) -> Int? {
        let names = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        let days = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]
        if let number = Int(text) { return number }
        if let index = names.firstIndex(of: text.lowercased()) { return index + 1 }
        return days.firstIndex(of: text.lowercased())
    }

    private static func wallClock(of date: Date, in zone: TimeZone) -> (day: String, hour: Int, minute: Int) {
        let text = ISO8601Timestamp.string(from: date, in: zone)
        let day = String(text.prefix(10))
        let hour = Int(text.dropFirst(11).prefix(2)) ?? -1
        let minute = Int(text.dropFirst(14).prefix(2)) ?? -1
        return (day, hour, minute)
    }
}
