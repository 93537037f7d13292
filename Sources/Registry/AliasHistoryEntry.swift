public import Foundation

/// One line of an alias's history: who moved it, from which version to which, and why.
public struct AliasHistoryEntry: Hashable, Codable, Sendable {
    /// What moved the alias.
    public enum Action: String, Hashable, Codable, Sendable {
        case promote
        case rollback
    }

    public var time: Date
    public var actor: String
    public var action: Action
    public var alias: RegistryName
    public var from: Int?
    public var to: Int
    public var reason: String?
    /// True when an unblessed version was promoted with `--force`.
    public var forced: Bool

    public init(time: Date, actor: String, action: Action, alias: RegistryName, from: Int?, to: Int, reason: String?, forced: Bool = false) {
        self.time = time
        self.actor = actor
        self.action = action
        self.alias = alias
        self.from = from
        self.to = to
        self.reason = reason
        self.forced = forced
    }
}
