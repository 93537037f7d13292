public import Foundation

/// Large incompressible test data from the kernel: fast in debug builds, where generating
/// hundreds of megabytes in Swift would dominate the test's time.
public enum RandomBytes {
    public static func read(_ count: Int) throws -> Data {
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: "/dev/urandom"))
        defer { try? handle.close() }
        var data = Data()
        data.reserveCapacity(count)
        while data.count < count {
            guard let chunk = try handle.read(upToCount: min(1 << 20, count - data.count)), !chunk.isEmpty else { break }
            data.append(chunk)
        }
        return data
    }
}
