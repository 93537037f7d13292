/// What an operation needs from a repository, which is what a bearer token is asked for.
public enum RepositoryAccess: Sendable {
    /// HEAD and GET of blobs and manifests.
    case pull
    /// Uploads and manifest PUTs (a push also reads: HEAD to skip blobs already there).
    case push

    /// The token scope, e.g. `repository:models/weather:pull,push`.
    func scope(for repository: String) -> String {
        switch self {
        case .pull: return "repository:\(repository):pull"
        case .push: return "repository:\(repository):pull,push"
        }
    }
}
