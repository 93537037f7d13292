import Scheduling
import Testing

@Suite struct CronExpressionParsingTests {
    @Test func wildcardIsTheWholeField() throws {
        let every = try CronExpression("* * * * *")
        #expect(every.allowedValues(of: .minute) == Array(0...59))
        #expect(every.allowedValues(of: .hour) == Array(0...23))
        #expect(every.allowedValues(of: .dayOfMonth) == Array(1...31))
        #expect(every.allowedValues(of: .month) == Array(1...12))
        #expect(every.allowedValues(of: .dayOfWeek) == Array(0...6))
    }

    @Test func stepsRangesAndLists() throws {
        let expression = try CronExpression("*/15 1,2,5-7 1-30/5 */5 *")
        #expect(expression.allowedValues(of: .minute) == [0, 15, 30, 45])
        #expect(expression.allowedValues(of: .hour) == [1, 2, 5, 6, 7])
        #expect(expression.allowedValues(of: .dayOfMonth) == [1, 6, 11, 16, 21, 26])
        #expect(expression.allowedValues(of: .month) == [1, 6, 11])
    }

    @Test func startWithStepRunsToTheFieldMaximum() throws {
        let expression = try CronExpression("5/10 22/1 25/3 11/2 *")
        #expect(expression.allowedValues(of: .minute) == [5, 15, 25, 35, 45, 55])
        #expect(expression.allowedValues(of: .hour) == [22, 23])
        #expect(expression.allowedValues(of: .dayOfMonth) == [25, 28, 31])
        #expect(expression.allowedValues(of: .month) == [11])
    }

    @Test func namesInAnyCase() throws {
        let expression = try CronExpression("0 0 * JAN-mar,Jun,dec mon-FRI")
        #expect(expression.allowedValues(of: .month) == [1, 2, 3, 6, 12])
        #expect(expression.allowedValues(of: .dayOfWeek) == [1, 2, 3, 4, 5])
        #expect(try CronExpression("0 0 * * Sun,sat").allowedValues(of: .dayOfWeek) == [0, 6])
        #expect(try CronExpression("0 0 * jan-dec/3 *").allowedValues(of: .month) == [1, 4, 7, 10])
    }

    @Test(arguments: ["0", "7", "SUN", "sun", "0,7", "7-7", "0-0"])
    func zeroAndSevenAreBothSunday(dayOfWeek: String) throws {
        #expect(try CronExpression("0 0 * * \(dayOfWeek)").allowedValues(of: .dayOfWeek) == [0])
    }

    @Test func dayOfWeekRangesAndStepsRunThroughSeven() throws {
        #expect(try CronExpression("0 0 * * 5-7").allowedValues(of: .dayOfWeek) == [0, 5, 6])
        #expect(try CronExpression("0 0 * * 1-7/2").allowedValues(of: .dayOfWeek) == [0, 1, 3, 5])
        // The field runs 0-7, so `1/2` is 1,3,5,7: Monday, Wednesday, Friday and Sunday.
        #expect(try CronExpression("0 0 * * 1/2").allowedValues(of: .dayOfWeek) == [0, 1, 3, 5])
        #expect(try CronExpression("0 0 * * MON/3").allowedValues(of: .dayOfWeek) == [0, 1, 4])
        #expect(try CronExpression("0 0 * * */2").allowedValues(of: .dayOfWeek) == [0, 2, 4, 6])
        #expect(try CronExpression("0 0 * * 0-7").allowedValues(of: .dayOfWeek) == Array(0...6))
    }

    @Test(arguments: [
        ("@yearly", "0 0 1 1 *"), ("@annually", "0 0 1 1 *"), ("@monthly", "0 0 1 * *"),
        ("@weekly", "0 0 * * 0"), ("@daily", "0 0 * * *"), ("@midnight", "0 0 * * *"),
        ("@hourly", "0 * * * *"), ("@DAILY", "0 0 * * *"), ("  @Weekly ", "0 0 * * 0"),
    ])
    func macrosStandForTheirFields(macro: String, fields: String) throws {
        let expanded = try CronExpression(fields)
        let parsed = try CronExpression(macro)
        for field in CronField.allCases {
            #expect(parsed.allowedValues(of: field) == expanded.allowedValues(of: field), "\(macro) \(field)")
        }
        #expect(parsed.isDayOfMonthRestricted == expanded.isDayOfMonthRestricted)
        #expect(parsed.isDayOfWeekRestricted == expanded.isDayOfWeekRestricted)
        #expect(parsed.isFixedTime == expanded.isFixedTime)
    }

    @Test func whiteSpaceBetweenFieldsIsFree() throws {
        let expression = try CronExpression("  5\t 4  *   * \t1 \n")
        #expect(expression.source == "5\t 4  *   * \t1")
        #expect(expression.allowedValues(of: .minute) == [5])
        #expect(expression.allowedValues(of: .hour) == [4])
        #expect(expression.allowedValues(of: .dayOfWeek) == [1])
    }

    @Test func restrictedMeansNotStartingWithAStar() throws {
        let starStep = try CronExpression("0 0 */2 * 1")
        #expect(!starStep.isDayOfMonthRestricted)
        #expect(starStep.isDayOfWeekRestricted)
        #expect(!starStep.usesEitherDayRule)

        // `1-31` names every day but does not start with `*`: cron(5) calls it restricted.
        let fullRange = try CronExpression("0 0 1-31 * MON")
        #expect(fullRange.isDayOfMonthRestricted && fullRange.isDayOfWeekRestricted)
        #expect(fullRange.usesEitherDayRule)

        #expect(try !CronExpression("0 0 * * */1").isDayOfWeekRestricted)
        #expect(try !CronExpression("@weekly").isDayOfMonthRestricted)
    }

    @Test func fixedTimeIsOneMinuteAndOneHour() throws {
        #expect(try CronExpression("30 2 * * *").isFixedTime)
        #expect(try CronExpression("@daily").isFixedTime)
        #expect(try CronExpression("0 12 1 JAN MON").isFixedTime)
        // Decided by the values, not the spelling: these name one time of day too.
        #expect(try CronExpression("*/60 2-2 * * *").isFixedTime)
        #expect(try !CronExpression("0,30 2 * * *").isFixedTime)
        #expect(try !CronExpression("30 1-2 * * *").isFixedTime)
        #expect(try !CronExpression("*/15 2 * * *").isFixedTime)
        #expect(try !CronExpression("@hourly").isFixedTime)
    }

    @Test func neverFiresWhenNoMonthHasTheDays() throws {
        #expect(try CronExpression("0 0 30 2 *").neverFires)
        #expect(try CronExpression("0 0 30,31 FEB *").neverFires)
        #expect(try CronExpression("0 0 31 4,6,9,11 *").neverFires)
        #expect(try CronExpression("0 0 31 2 */2").neverFires)
        // Either-day rule: every February has Mondays.
        #expect(try !CronExpression("0 0 30 2 1").neverFires)
        #expect(try !CronExpression("0 0 29 2 *").neverFires)
        #expect(try !CronExpression("0 0 31 1-2 *").neverFires)
    }
}
