/// Why a shard could not be worked out: a usage error for the command line (it names the option or
/// the environment variable at fault).
public enum ShardError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `--shard` is not `K/N` or `auto`.
    case badSyntax(String)
    /// `K` is not from 0 to `N - 1`, or `N` is not from 1 to ``Shard/maximumCount``; `source` is
    /// where the numbers came from.
    case outOfRange(index: Int, count: Int, source: String)
    /// An environment variable `--shard auto` reads is missing, malformed or inconsistent.
    case environment(variable: String, reason: String)

    /// The option or environment variable at fault.
    public var culprit: String {
        switch self {
        case .badSyntax, .outOfRange(_, _, "--shard"): "--shard"
        case .outOfRange(_, _, let source): source
        case .environment(let variable, _): variable
        }
    }

    public var description: String {
        switch self {
        case .badSyntax(let text):
            "'\(text)' is not a shard: expected K/N with 0 ≤ K < N (e.g. --shard 0/4), or --shard auto"
        case .outOfRange(let index, let count, let source):
            count < 1 || count > Shard.maximumCount
                ? "\(count) shards (\(source)): expected from 1 to \(Shard.maximumCount)"
                : "there is no shard \(index) of \(count) (\(source)): shards are numbered from 0 to \(count - 1)"
        case .environment(_, let reason): reason
        }
    }
}
