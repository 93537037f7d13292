import Foundation
import ProgressReporting
import Testing

@Suite struct ProgressLineTests {
    /// Collects what a progress line writes.
    final class Output: @unchecked Sendable {
        private let lock = NSLock()
        private var chunks: [String] = []
        func append(_ text: String) { lock.withLock { chunks.append(text) } }
        var text: String { lock.withLock { chunks.joined() } }
        var count: Int { lock.withLock { chunks.count } }
    }

    @Test func inAPlainLogItPrintsWholeLinesAtIntervalsAndNoControlCharacters() {
        let output = Output()
        let line = ProgressLine(task: "put", isTerminal: false, plainInterval: 0.05) { output.append($0) }
        for i in 0..<200 {
            line.update("\(i) MiB read")
            usleep(1000)
        }
        line.finish("done")
        let text = output.text
        #expect(!text.contains("\r"))
        #expect(!text.contains("\u{1B}"))
        #expect(text.hasSuffix("put: done\n"))
        let lines = text.split(separator: "\n")
        #expect(lines.count >= 2)
        #expect(lines.count < 60, "throttling should drop most of 200 updates, printed \(lines.count)")
        #expect(lines.allSatisfy { $0.hasPrefix("put: ") })
    }

    @Test func aShortTaskInAPlainLogPrintsOnlyItsResult() {
        let output = Output()
        let line = ProgressLine(task: "collect", isTerminal: false, plainInterval: 5) { output.append($0) }
        line.update("10 rows")
        line.finish("10 rows in 0.0s")
        #expect(output.text == "collect: 10 rows in 0.0s\n")
    }

    @Test func onATerminalItRewritesOneLine() {
        let output = Output()
        let line = ProgressLine(task: "train", isTerminal: true) { output.append($0) }
        line.update("iteration 1, loss 0.69")
        line.finish("converged")
        #expect(output.text == "\r\u{1B}[Ktrain: iteration 1, loss 0.69\r\u{1B}[Ktrain: converged\n")
        #expect(!output.text.dropLast().contains("\n"))
    }

    @Test func sizesAndRatesReadNaturally() {
        #expect(ProgressLine.bytes(512) == "512 B")
        #expect(ProgressLine.bytes(3 << 20) == "3.0 MiB")
        #expect(ProgressLine.rate(200_000_000, seconds: 2) == "100 MB/s")
        #expect(ProgressLine.bytes(1536) == "1.5 KiB")
        #expect(ProgressLine.bytes(5 << 30 + 1 << 28) == "5.25 GiB")
    }

    @Test func fixedDecimalsMatchPrintfAwayFromTies() {
        for value in [0, 0.004, 0.006, 1.5, 12.345678, 99.996, 1234.5678, -3.14159, 1e9 / 7] {
            for decimals in 0...3 {
                #expect(ProgressLine.fixed(value, decimals: decimals) == String(format: "%.\(decimals)f", value), "\(value) \(decimals)")
            }
        }
    }
}
