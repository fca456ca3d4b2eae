import Foundation

/// `grader merge OUT`: the class-level files of a class graded in shards, made from the per-student
/// reports alone, through the same ``ClassReport`` a one-machine batch renders (so every class-level
/// file, `summary.json` and `grades.csv` included, has the bytes that batch would write).
///
/// What the class is: the students of `--class DIR` when given; else the class the shards listed in
/// their manifests (``ShardRun``), so that a student whose shard died is listed as missing, never
/// forgotten; else, for a report folder without manifests, its student folders (with a note: a student
/// with no report at all cannot be noticed then).
///
/// Nothing is written when a report of the class is missing or unreadable, or when a report was
/// graded with another configuration or seed than the class: the merge fails naming them (a
/// missing grade is not a 0, and two seeds' grades are not one class's).
public struct ClassMerger: Sendable {
    /// What to merge.
    public struct Options: Sendable {
        /// The report folder the shards wrote into.
        public var outputDirectory: String
        /// The class folder, when the class is to be listed from it rather than from the manifests.
        public var classDirectory: String?
        /// The exercises to merge (`nil`: those the shards graded, else every configured one).
        public var exercises: [ExerciseID]?

        /// Creates options.
        public init(outputDirectory: String, classDirectory: String? = nil, exercises: [ExerciseID]? = nil) {
            self.outputDirectory = outputDirectory
            self.classDirectory = classDirectory
            self.exercises = exercises
        }
    }

    /// A merge that can be written.
    public struct Merge: Sendable {
        /// What the class-level files are rendered from.
        public var classReport: ClassReport
        /// The shards' run, when there were manifests.
        public var run: ShardRun?
        /// What the instructor should know but does not stop the merge, one line each.
        public var notes: [String]
    }

    /// The configuration the reports were graded with (for the exercises' columns and quantities).
    public let configuration: CourseConfiguration
    /// Where `configuration` came from, for messages.
    public let configurationPath: String
    /// The options.
    public let options: Options

    /// Creates a merger.
    public init(configuration: CourseConfiguration, configurationPath: String, options: Options) {
        self.configuration = configuration
        self.configurationPath = configurationPath
        self.options = options
    }

    /// Reads and checks every report of the class; writes nothing.
    ///
    /// - Throws: ``MergeError`` when the reports must not be merged, ``GraderError`` when a folder or
    ///   a manifest cannot be read.
    public func merge() throws -> Merge {
        let out = options.outputDirectory
        var notes: [String] = []
        let run = try ShardRun(try ShardManifest.readAll(in: out))
        if let run {
            if !run.ignored.isEmpty {
                notes.append(
                    "ignored \(run.ignored.count) manifest\(run.ignored.count == 1 ? "" : "s") of an earlier run with "
                        + "another number of shards (\(run.ignored.map { ($0 as NSString).lastPathComponent }.joined(separator: ", ")))"
                )
            }
            guard run.configurationFingerprint == configuration.fingerprint else {
                throw MergeError.otherConfiguration(
                    path: configurationPath, shards: run.configurationFingerprint, here: configuration.fingerprint)
            }
        }
        let exercises = try chosenExercises(run: run)
        let students = try classStudents(run: run, exercises: exercises.map(\.id), notes: &notes)
        let read = ReportReader(outputDirectory: out, exercises: exercises.map(\.id)).read(students)
        guard read.unreadable.isEmpty else { throw MergeError.unreadableReports(read.unreadable) }
        let key = run.map { GradingKey(seed: $0.seed, configuration: $0.configuration) } ?? read.mostCommonKey
        if let key {
            let foreign = read.foreign(from: key)
            guard foreign.isEmpty else {
                throw MergeError.mixedReports(seed: key.seed, configuration: key.configuration ?? "", foreign: foreign)
            }
        }
        if !read.missing.isEmpty {
            let missing = read.missing.map { item in
                MergeError.MissingStudent(
                    student: item.student, exercises: item.exercises,
                    shard: run.flatMap {
                        try? Shard(index: Shard.index(of: item.student, count: $0.count), count: $0.count)
                    }
                )
            }
            throw MergeError.missingReports(missing, shardNotes: run?.problems ?? [])
        }
        if let run, !run.problems.isEmpty {
            notes.append(
                run.problems.joined(separator: "; ") + "; all the class's reports are here and were merged")
        }
        guard let key else { throw MergeError.noClass(outputDirectory: out) }
        let report = ClassReport(
            students: students, exercises: exercises, reports: read.reports, seed: key.seed,
            configurationFingerprint: run?.configurationFingerprint ?? configuration.fingerprint)
        return Merge(classReport: report, run: run, notes: notes)
    }

    /// Merges and writes every class-level file into the report folder, each atomically.
    ///
    /// - Throws: as ``merge()``, and ``GraderError/cannotWrite(path:reason:)``.
    public func run() throws -> Merge {
        let merged = try merge()
        try merged.classReport.write(to: options.outputDirectory)
        return merged
    }

    /// The exercises, in the configuration's order.
    func chosenExercises(run: ShardRun?) throws -> [Exercise] {
        let ids = options.exercises ?? run?.exercises ?? configuration.exercises.map(\.id)
        for id in ids where configuration.exercise(id) == nil {
            throw MergeError.unknownExercise(id.rawValue, known: configuration.exercises.map(\.id.rawValue))
        }
        return configuration.exercises.filter { ids.contains($0.id) }.map(\.exercise)
    }

    /// The class: `--class DIR`, else the manifests', else the report folders (with a note).
    func classStudents(run: ShardRun?, exercises: [ExerciseID], notes: inout [String]) throws -> [StudentID] {
        let out = options.outputDirectory
        if let directory = options.classDirectory {
            return try StudentFolder.list(directory, excluding: out).map(\.student)
        }
        if let run {
            guard let students = run.students else {
                throw MergeError.manifestsDisagree(what: "the class", lines: run.classDisagreement)
            }
            return students
        }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: out)) ?? []
        let students = names.filter { name in
            !name.hasPrefix(".")
                && exercises.contains {
                    FileManager.default.fileExists(atPath: out + "/" + name + "/" + $0.rawValue + ".json")
                }
        }.compactMap(StudentID.init(folderName:)).sorted()
        guard !students.isEmpty else { throw MergeError.noClass(outputDirectory: out) }
        notes.append(
            "no shard manifests in \(out)/\(ShardManifest.folderName)/ and no --class: the class is taken to be the "
                + "\(students.count) student folders in \(out)/ (a student without any report cannot be noticed); "
                + "pass --class DIR to check against the class folder")
        return students
    }
}
