@testable import Pipeline
import Testing

/// The human progress lines `retrain run` prints on stderr.
@Suite struct RunDriverFormattingTests {
    @Test func stagesAndStatusesArePaddedIntoColumns() {
        #expect(RunDriver.line("train", "ok", "4.1s  sha256:9f2c…") == "train      ok      4.1s  sha256:9f2c…")
        #expect(RunDriver.line("collect", "cached", "") == "collect    cached")
        #expect(RunDriver.line("a-very-long-stage", "up to date", "x") == "a-very-long-stage up to date x")
    }

    @Test func durationsReadAsSecondsThenMinutes() {
        #expect(RunDriver.seconds(0) == "0.0s")
        #expect(RunDriver.seconds(4.14) == "4.1s")
        #expect(RunDriver.seconds(4.16) == "4.2s")
        #expect(RunDriver.seconds(59.94) == "59.9s")
        #expect(RunDriver.seconds(60) == "1m00s")
        #expect(RunDriver.seconds(725.7) == "12m05s")
        #expect(RunDriver.seconds(-0.01) == "0.0s")
    }
}
