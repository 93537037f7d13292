public import StageContract

/// Why collect stopped; each case carries its exit code and names what is at fault.
public struct CollectError: StageExitReporting, CustomStringConvertible {
    private enum Kind: Sendable {
        case noData(String)
        case badInput(String)
        case failure(String)
    }

    private let kind: Kind

    private init(_ kind: Kind) {
        self.kind = kind
    }

    /// Exit 3: nothing in the source or the window.
    static func noData(_ reason: String) -> CollectError { CollectError(.noData(reason)) }
    /// Exit 65: a malformed source, a missing column, too many rejected rows.
    static func badInput(_ reason: String) -> CollectError { CollectError(.badInput(reason)) }
    /// Exit 1: I/O or a server that did not answer.
    static func failure(_ reason: String) -> CollectError { CollectError(.failure(reason)) }

    public var stageExit: StageExit {
        switch kind {
        case .noData: .noData
        case .badInput: .badInput
        case .failure: .failure
        }
    }

    public var description: String {
        switch kind {
        case .noData(let reason), .badInput(let reason), .failure(let reason): reason
        }
    }
}
