import Scheduling
import Testing

@Suite struct CronExpressionErrorTests {
    @Test(arguments: [
        ("0 0 32 * *", "day-of-month '32' is out of range 1-31", CronField.dayOfMonth),
        ("0 0 0 * *", "day-of-month '0' is out of range 1-31", .dayOfMonth),
        ("60 * * * *", "minute '60' is out of range 0-59", .minute),
        ("1-70 * * * *", "minute '70' is out of range 0-59", .minute),
        ("99999999999 * * * *", "minute '99999999999' is out of range 0-59", .minute),
        ("* 24 * * *", "hour '24' is out of range 0-23", .hour),
        ("* * * 13 *", "month '13' is out of range 1-12", .month),
        ("* * * 0 *", "month '0' is out of range 1-12", .month),
        ("* * * * 8", "day-of-week '8' is out of range 0-7", .dayOfWeek),
        ("* * * FOO *", "month 'FOO' is not a number or a month name (JAN-DEC)", .month),
        ("* * * JAN-MON *", "month 'MON' is not a number or a month name (JAN-DEC)", .month),
        ("* * * * FUNDAY", "day-of-week 'FUNDAY' is not a number or a day name (SUN-SAT)", .dayOfWeek),
        ("x * * * *", "minute 'x' is not a number", .minute),
        ("MON * * * *", "minute 'MON' is not a number", .minute),
        ("* * L * *", "day-of-month 'L' is not a number", .dayOfMonth),
        ("* * ? * *", "day-of-month '?' is not a number", .dayOfMonth),
        ("5-2 * * * *", "minute '5-2' is a reversed range; its start must not be after its end", .minute),
        ("0 0 * * SAT-SUN", "day-of-week 'SAT-SUN' is a reversed range; its start must not be after its end", .dayOfWeek),
        ("*/0 * * * *", "minute '*/0' has step '0'; a step must be a whole number of at least 1", .minute),
        ("* */x * * *", "hour '*/x' has step 'x'; a step must be a whole number of at least 1", .hour),
        ("* 1-5/ * * *", "hour '1-5/' has step ''; a step must be a whole number of at least 1", .hour),
        ("1,,2 * * * *", "minute '1,,2' has an empty list element", .minute),
        ("* * * * 1,", "day-of-week '1,' has an empty list element", .dayOfWeek),
        ("1-2-3 * * * *", "minute '1-2-3' is not a value, range (a-b) or step (*/n, a-b/n, a/n)", .minute),
        ("-5 * * * *", "minute '-5' is not a value, range (a-b) or step (*/n, a-b/n, a/n)", .minute),
        ("*-5 * * * *", "minute '*-5' is not a value, range (a-b) or step (*/n, a-b/n, a/n)", .minute),
        ("1/2/3 * * * *", "minute '1/2/3' is not a value, range (a-b) or step (*/n, a-b/n, a/n)", .minute),
    ])
    func fieldErrorsNameTheFieldAndTheValue(text: String, message: String, field: CronField) {
        #expect {
            try CronExpression(text)
        } throws: { error in
            guard let error = error as? CronExpressionError else { return false }
            return error.description == message && error.field == field
        }
    }

    @Test(arguments: [
        ("* * * *", "cron expression '* * * *' has 4 fields; expected 5 (minute hour day-of-month month day-of-week) or a macro such as @daily"),
        ("* * * * * *", "cron expression '* * * * * *' has 6 fields; expected 5 (minute hour day-of-month month day-of-week) or a macro such as @daily"),
        ("daily", "cron expression 'daily' has 1 field; expected 5 (minute hour day-of-month month day-of-week) or a macro such as @daily"),
        ("", "cron expression is empty"),
        ("  \t ", "cron expression is empty"),
        ("@reboot", "unknown cron macro '@reboot'; expected one of @yearly @annually @monthly @weekly @daily @midnight @hourly"),
        ("@daily 0", "unknown cron macro '@daily 0'; expected one of @yearly @annually @monthly @weekly @daily @midnight @hourly"),
    ])
    func expressionErrors(text: String, message: String) {
        #expect {
            try CronExpression(text)
        } throws: { error in
            guard let error = error as? CronExpressionError else { return false }
            return error.description == message && error.field == nil
        }
    }
}
