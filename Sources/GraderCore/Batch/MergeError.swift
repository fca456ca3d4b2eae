/// Why `grader merge` wrote nothing: reports that must not be mixed, students without reports,
/// shards that disagree. Each names what is at fault.
public enum MergeError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A student whose reports are not all there.
    public struct MissingStudent: Equatable, Sendable {
        /// The student.
        public var student: StudentID
        /// The exercises without a report.
        public var exercises: [ExerciseID]
        /// The shard that grades the student, when the shards are known.
        public var shard: Shard?

        /// `s0003 (shard 2 of 4: fc-backward, loss-backward)`.
        public var line: String {
            student.name + " (" + (shard.map { "shard \($0.index) of \($0.count): " } ?? "")
                + exercises.map(\.rawValue).joined(separator: ", ") + ")"
        }
    }

    /// A report graded with another configuration or seed than the rest.
    public struct ForeignReport: Equatable, Sendable {
        /// Its path.
        public var path: String
        /// Its seed.
        public var seed: UInt64
        /// Its grading key (``ExerciseReport/configuration``), `nil` in a report of an older grader.
        public var configuration: String?
    }

    /// Neither manifests, nor `--class`, nor any report folder: nothing says what the class is.
    case noClass(outputDirectory: String)
    /// The manifests of one run of shards disagree (`what`: the class, the seed, ...), each line a
    /// manifest and what it says.
    case manifestsDisagree(what: String, lines: [String])
    /// The configuration given to the merge is not the one the shards graded with.
    case otherConfiguration(path: String, shards: String, here: String)
    /// Reports graded with another configuration or seed than the rest.
    case mixedReports(seed: UInt64, configuration: String, foreign: [ForeignReport])
    /// Reports that are not reports.
    case unreadableReports([String])
    /// Students without all their reports: nothing is written rather than counting them 0.
    case missingReports([MissingStudent], shardNotes: [String])
    /// An exercise the configuration does not have.
    case unknownExercise(String, known: [String])

    public var description: String {
        switch self {
        case .noClass(let out):
            return "nothing to merge in \(out): no shard manifests (\(out)/\(ShardManifest.folderName)/), no "
                + "report folders, and no --class DIR"
        case .manifestsDisagree(let what, let lines):
            return "the shards disagree on \(what): " + MergeError.list(lines, limit: 8)
                + "; remove the manifests of an older run from \(ShardManifest.folderName)/, or merge with "
                + "--class DIR"
        case .otherConfiguration(let path, let shards, let here):
            return "the shards graded with another configuration (fingerprint \(shards.prefix(12))) than "
                + "\(path) (\(here.prefix(12))): merge with --config naming the one the shards used"
        case .mixedReports(let seed, let configuration, let foreign):
            let lines = foreign.map { report in
                report.path + " (seed \(report.seed), "
                    + (report.configuration.map { "key \($0.prefix(12))" } ?? "no key: an older grader") + ")"
            }
            return "refusing to mix reports: \(foreign.count) report\(foreign.count == 1 ? " was" : "s were") "
                + "graded with another configuration or seed than the class (seed \(seed), key "
                + "\(configuration.prefix(12))): " + MergeError.list(lines, limit: 10)
                + "; grade them again with the class's configuration and seed (grader batch ... --resume), "
                + "or remove them"
        case .unreadableReports(let paths):
            return "\(paths.count) report\(paths.count == 1 ? " is" : "s are") not readable reports: "
                + MergeError.list(paths, limit: 10) + "; remove them and grade those students again (--resume)"
        case .missingReports(let students, let notes):
            return "\(students.count) student\(students.count == 1 ? " has" : "s have") no reports, or not all: "
                + MergeError.list(students.map(\.line), limit: 10)
                + (notes.isEmpty ? "" : " (" + notes.joined(separator: "; ") + ")")
                + "; grade them (run their shards again with --resume), then merge again: nothing was written"
        case .unknownExercise(let id, let known):
            return "the shards graded exercise '\(id)', which this configuration does not have (it has "
                + known.joined(separator: ", ") + "): merge with --config naming the one the shards used"
        }
    }

    /// The first `limit` items, then how many more.
    static func list(_ items: [String], limit: Int) -> String {
        items.prefix(limit).joined(separator: ", ") + (items.count > limit ? ", and \(items.count - limit) more" : "")
    }
}
