import Foundation

/// Elapsed wall time for progress lines on stderr (never for outputs, which must not
/// depend on how long anything took).
struct StageClock {
    private let start = DispatchTime.now()

    var seconds: Double {
        Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    }

    var elapsed: String {
        String(format: "%.3f s", seconds)
    }
}
