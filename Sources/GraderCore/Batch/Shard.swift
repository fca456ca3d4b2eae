/// One part of a class graded apart from the rest: shard `index` of `count` (0-based), for running a
/// batch as a Slurm job array or a Kubernetes Indexed Job.
///
/// The partition is a pure function of the student's folder name: the first 64 bits of the SHA-256
/// of its bytes, modulo `count`. No listing, order or position enters it, so every shard agrees on
/// who is whose without talking to the others, a student added late to the class moves no one
/// else, and `--resume` stays valid whatever shard regrades a student. Changing `count` moves
/// students between shards; the reports stay valid (they are keyed by their fingerprint, not by a
/// shard), so a new array over the same output with `--resume` regrades nobody.
public struct Shard: Hashable, Sendable, CustomStringConvertible {
    /// The largest count accepted: far more than a class needs (Slurm's default array limit is 1001).
    public static let maximumCount = 100_000

    /// This shard, from 0.
    public let index: Int
    /// How many shards there are.
    public let count: Int

    /// Shard `index` of `count`.
    ///
    /// - Throws: ``ShardError/outOfRange(index:count:source:)`` unless `0 ≤ index < count ≤`
    ///   ``maximumCount``.
    public init(index: Int, count: Int) throws(ShardError) {
        guard count >= 1, count <= Shard.maximumCount, index >= 0, index < count else {
            throw ShardError.outOfRange(index: index, count: count, source: "--shard")
        }
        self.index = index
        self.count = count
    }

    /// The whole class as one shard.
    public static let whole = Shard(unchecked: 0, count: 1)

    private init(unchecked index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    /// Parses `K/N` (as in `--shard 2/4`).
    ///
    /// - Throws: ``ShardError/badSyntax(_:)`` or ``ShardError/outOfRange(index:count:source:)``.
    public init(parsing text: String) throws(ShardError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else {
            throw ShardError.badSyntax(text)
        }
        try self.init(index: index, count: count)
    }

    /// `K/N`.
    public var description: String { "\(index)/\(count)" }

    /// Whether this shard grades `student`.
    public func contains(_ student: StudentID) -> Bool {
        Shard.index(of: student, count: count) == index
    }

    /// The shard of `student` among `count`.
    public static func index(of student: StudentID, count: Int) -> Int {
        guard count > 1 else { return 0 }
        return Int(hash(student) % UInt64(count))
    }

    /// The stable hash of a student's folder name: the first 64 bits of the SHA-256 of
    /// `bpg-shard-v1`, a zero byte and the name's bytes. Part of the output format: changing it
    /// would change which shard grades whom.
    public static func hash(_ student: StudentID) -> UInt64 {
        var digest = SHA256()
        digest.update(field: "bpg-shard-v1")
        digest.update(student.bytes)
        return UInt64(digest.hexDigest().prefix(16), radix: 16) ?? 0
    }
}
