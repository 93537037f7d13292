public import Foundation

extension ChildProcess {
    /// `run()` on a thread of its own, so an async test waits without holding one of the few
    /// threads of Swift's cooperative pool (two on a two-core machine) that other tests need.
    public func result(standardInput: Data? = nil) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Swift.Result { try run(standardInput: standardInput) })
            }
        }
    }
}
