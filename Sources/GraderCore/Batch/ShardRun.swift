/// The manifests of the latest run of shards in a report folder, checked against each other: what
/// ``ClassMerger`` knows of the class, the seed and the configuration without the class folder.
///
/// A report folder may hold manifests of several runs: a class graded in 4 shards, then again in 8
/// (with `--resume`). The run is the set of manifests of one shard count; the latest is the one with
/// the latest start, and the others are ignored (and said). Within the run every manifest must name
/// the same seed, configuration, exercises and class: a shard that saw another class (a class folder
/// changed while the array ran, or not mounted on its node) is never silently merged.
public struct ShardRun: Sendable {
    /// How many shards.
    public var count: Int
    /// The run's manifests, by shard index.
    public var manifests: [Int: ShardManifest]
    /// The paths of the manifests of other runs, ignored.
    public var ignored: [String]
    /// The seed.
    public var seed: UInt64
    /// The grading key every report must carry.
    public var configuration: String
    /// The configuration's fingerprint.
    public var configurationFingerprint: String
    /// The exercises, in column order.
    public var exercises: [ExerciseID]
    /// The class, when the manifests agree on it (else ``classDisagreement`` says how they differ).
    public var students: [StudentID]?
    /// How the manifests differ on the class (a line per manifest), when they do.
    public var classDisagreement: [String]

    /// The latest run among `manifests`, or `nil` when there is none.
    ///
    /// - Throws: ``MergeError/manifestsDisagree(what:lines:)`` when the run's manifests disagree on
    ///   the seed, the configuration or the exercises, or name a class that is not a class.
    public init?(_ manifests: [(path: String, manifest: ShardManifest)]) throws(MergeError) {
        guard !manifests.isEmpty else { return nil }
        let runs = Dictionary(grouping: manifests, by: \.manifest.shards)
        let latest = runs.max { left, right in
            let (a, b) = (
                left.value.map(\.manifest.started).max() ?? "", right.value.map(\.manifest.started).max() ?? ""
            )
            return a == b ? left.key < right.key : a < b
        }
        guard let (count, chosen) = latest, let first = chosen.first?.manifest else { return nil }
        self.count = count
        ignored = manifests.filter { $0.manifest.shards != count }.map(\.path).sorted()
        var byIndex: [Int: ShardManifest] = [:]
        for (_, manifest) in chosen { byIndex[manifest.shard] = manifest }
        self.manifests = byIndex
        func agree<Value: Equatable>(_ what: String, _ value: (ShardManifest) -> Value, _ show: (Value) -> String)
            throws(MergeError)
        {
            guard chosen.contains(where: { value($0.manifest) != value(first) }) else { return }
            throw .manifestsDisagree(
                what: what, lines: chosen.map { "\(ShardRun.name($0.path)): \(show(value($0.manifest)))" })
        }
        try agree("the seed", \.seed, String.init)
        try agree("the configuration", \.configuration) { String($0.prefix(12)) }
        try agree("the exercises", \.exercises) { $0.map(\.rawValue).joined(separator: " ") }
        seed = first.seed
        configuration = first.configuration
        configurationFingerprint = first.configurationFingerprint
        exercises = first.exercises
        if let bad = chosen.first(where: { $0.manifest.classStudents == nil }) {
            throw .manifestsDisagree(
                what: "the class", lines: ["\(ShardRun.name(bad.path)): a student folder name no grader writes"])
        }
        let agreeOnClass = !chosen.contains { $0.manifest.classFolders != first.classFolders }
        students = agreeOnClass ? first.classStudents : nil
        classDisagreement =
            agreeOnClass
            ? []
            : chosen.map { item in
                "\(ShardRun.name(item.path)) saw \(item.manifest.classFolders.count) students in "
                    + item.manifest.classDirectory + " on " + item.manifest.host
            }
    }

    /// What is wrong with the run's shards, one line each: a shard that wrote no manifest, did not
    /// finish, was interrupted, or could not grade some of its students.
    public var problems: [String] {
        (0..<count).compactMap { index in
            guard let manifest = manifests[index] else {
                return "shard \(index) of \(count) wrote no manifest (it never started, or wrote elsewhere)"
            }
            switch manifest.status {
            case .running:
                return "shard \(index) of \(count) started on \(manifest.host) at \(manifest.started) and never ended "
                    + "(killed, or still running)"
            case .interrupted:
                return "shard \(index) of \(count) was interrupted on \(manifest.host)"
            case .complete:
                guard let failed = manifest.notGraded, failed > 0 else { return nil }
                return "shard \(index) of \(count) could not grade \(failed) job\(failed == 1 ? "" : "s")"
            }
        }
    }

    private static func name(_ path: String) -> String {
        String(path.split(separator: "/").last ?? Substring(path))
    }
}
