/// A model's aliases and their whole history, kept in one file so that moving an alias and
/// recording the move are a single atomic rename: no crash can leave one without the other.
public struct ModelAliases: Hashable, Codable, Sendable {
    /// alias → version.
    public var aliases: [String: Int] = [:]
    /// Every move, oldest first. Only ever appended to.
    public var history: [AliasHistoryEntry] = []

    public init() {}

    /// The versions `alias` was moved through, as a stack: a promote pushes, a rollback pops
    /// back to where it lands. The top is the current version, the one below it is where a
    /// rollback goes, so rolling back twice goes further back and never in a circle.
    public func lineage(of alias: RegistryName) -> [Int] {
        var stack: [Int] = []
        for entry in history where entry.alias == alias {
            switch entry.action {
            case .promote:
                stack.append(entry.to)
            case .rollback:
                if let index = stack.lastIndex(of: entry.to) {
                    stack.removeSubrange((index + 1)...)
                } else {
                    stack.append(entry.to)
                }
            }
        }
        return stack
    }

    /// Every version any alias pointed at in the last `entries` history entries (and now):
    /// gc keeps these so that rollback always has something to go back to.
    public func recentlyAliasedVersions(lastEntries entries: Int) -> Set<Int> {
        var versions = Set(aliases.values)
        for entry in history.suffix(entries) {
            versions.insert(entry.to)
            if let from = entry.from { versions.insert(from) }
        }
        return versions
    }
}
