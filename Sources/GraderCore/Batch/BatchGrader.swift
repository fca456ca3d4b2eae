import Foundation
import Synchronization

/// Grades every student folder under a directory, `jobs` students at once, writing each report
/// atomically as soon as it is done, then the class-level files (SPEC sections 7 and 8).
///
/// With a ``Options/shard``, only that shard's students are graded and, instead of the class-level
/// files, the shard's ``ShardManifest``: several shards, on several machines, then write into one
/// report folder at once, each only its own students' files and its own manifest.
///
/// One student's crash, timeout or compile error is a report like any other and never stops the
/// batch. With `resume`, a report whose fingerprint matches the submission and configuration is kept
/// and not graded again, so an interrupted batch picks up where it stopped.
public final class BatchGrader: Sendable {
    /// What to grade and where to write.
    public struct Options: Sendable {
        /// The folder holding one sub-folder per student.
        public var directory: String
        /// Where reports go (`OUT/<student>/<exercise>.json` and the class-level files).
        public var outputDirectory: String
        /// The exercises to grade, in column order.
        public var exercises: [ExerciseID]
        /// Students graded at once (each a thread that mostly waits on a compiler or a worker).
        public var jobs: Int
        /// Keep up-to-date reports instead of grading again.
        public var resume: Bool
        /// Grade only this shard's students, and write its ``ShardManifest`` instead of the
        /// class-level files (`grader merge` writes those once every shard is done).
        public var shard: Shard?
        /// Who each student is on the platform the class came from (see ``ClassImport``), written
        /// into their reports.
        public var identities: [StudentID: PlatformIdentity]

        /// Creates options.
        public init(
            directory: String, outputDirectory: String, exercises: [ExerciseID], jobs: Int, resume: Bool,
            shard: Shard? = nil, identities: [StudentID: PlatformIdentity] = [:]
        ) {
            self.directory = directory
            self.outputDirectory = outputDirectory
            self.exercises = exercises
            self.jobs = max(1, jobs)
            self.resume = resume
            self.shard = shard
            self.identities = identities
        }
    }

    /// What a running batch reports, one event at a time, never from under a lock.
    public enum Event: Sendable {
        /// A student's grading started.
        case started(StudentID)
        /// What the grader is doing for a student now.
        case working(StudentID, GradingControl.Event)
        /// One (student, exercise) is done: `completed` of `total` so far.
        case finished(student: StudentID, exercise: ExerciseID, outcome: JobOutcome, completed: Int, total: Int)
    }

    /// The outcome of a batch.
    public struct Result: Sendable {
        /// The students graded (the shard's, with a shard), sorted.
        public var students: [StudentID]
        /// Every report, by student then exercise, ``ExerciseReport/compacted`` (the files hold the rest).
        public var reports: [StudentID: [ExerciseID: ExerciseReport]]
        /// Jobs graded in this run.
        public var graded: Int
        /// Jobs kept from an earlier run.
        public var upToDate: Int
        /// Jobs the grader could not grade, with why.
        public var failures: [String]
        /// Whether the batch was interrupted before every student was graded (the class-level files
        /// are then not written: they would count the rest as 0).
        public var interrupted: Bool
        /// The class summary (also written to `summary.json`), when the batch finished (never for a shard).
        public var summary: BatchSummary?
        /// The shard's manifest as written at its end, with a shard.
        public var manifest: ShardManifest?
    }

    /// The grader.
    public let grader: Grader
    /// The options.
    public let options: Options

    /// Creates a batch.
    public init(grader: Grader, options: Options) {
        self.grader = grader
        self.options = options
    }

    /// Where a student's report for an exercise goes.
    public func reportPath(student: StudentID, exercise: ExerciseID) -> String {
        ClassReport.reportPath(in: options.outputDirectory, student: student, exercise: exercise)
    }

    /// Runs the batch.
    ///
    /// - Parameters:
    ///   - isCancelled: polled while grading; once it returns true no student is started, running
    ///     compilers and workers are stopped, and what was complete stays written.
    ///   - events: called for each event, one at a time, in order, on a queue of its own.
    /// - Returns: the result; the class-level files are written when the batch finished.
    /// - Throws: ``GraderError`` when the directory cannot be listed or a class-level file cannot be written.
    public func run(
        isCancelled: @escaping @Sendable () -> Bool = { false }, events: @escaping @Sendable (Event) -> Void = { _ in }
    ) throws -> Result {
        let everyone = try StudentFolder.list(options.directory, excluding: options.outputDirectory)
        let entries = options.shard.map { shard in everyone.filter { shard.contains($0.student) } } ?? everyone
        let students = entries.map(\.student)
        let manifest = options.shard.map { startManifest($0, class: everyone.map(\.student), students: entries.count) }
        try manifest?.write(to: options.outputDirectory)
        let order = BatchGrader.dispatchOrder(weights: entries.map { weight(of: $0.student, kind: $0.kind) })
        let shared = SharedBatchState(BatchState(total: students.count * options.exercises.count))
        let delivery = DispatchQueue(label: "backprop-grader.batch-events")
        let group = DispatchGroup()
        for _ in 0..<min(options.jobs, max(1, entries.count)) {
            group.enter()
            Thread.detachNewThread { [self] in
                defer { group.leave() }
                while !isCancelled(), let next = shared.state.withLock({ $0.nextStudent(limit: entries.count) }) {
                    let (student, kind) = entries[order[next]]
                    delivery.async { events(.started(student)) }
                    let control = GradingControl(
                        progress: { event in delivery.async { events(.working(student, event)) } },
                        isCancelled: isCancelled)
                    for (exercise, outcome) in grade(student: student, kind: kind, control: control) {
                        let (completed, total) = shared.state.withLock { $0.record(student, exercise, outcome) }
                        delivery.async {
                            events(
                                .finished(
                                    student: student, exercise: exercise, outcome: outcome, completed: completed,
                                    total: total))
                        }
                    }
                }
            }
        }
        group.wait()
        delivery.sync {}
        let snapshot = shared.state.withLock { $0 }
        var result = Result(
            students: students, reports: snapshot.reports, graded: snapshot.graded, upToDate: snapshot.upToDate,
            failures: snapshot.failures.sorted(), interrupted: isCancelled(), summary: nil, manifest: nil)
        if var ended = manifest {
            ended.end(
                interrupted: result.interrupted, graded: result.graded, upToDate: result.upToDate,
                notGraded: result.failures.count)
            try ended.write(to: options.outputDirectory)
            result.manifest = ended
        } else if !result.interrupted {
            let classReport = ClassReport(
                students: students,
                exercises: options.exercises.compactMap { grader.plans.configuration($0)?.exercise },
                reports: snapshot.reports, seed: grader.seed, configurationFingerprint: grader.configurationFingerprint)
            result.summary = try classReport.write(to: options.outputDirectory)
        }
        return result
    }

    /// The order in which to start students, as indices into `weights`: the heaviest first, ties in
    /// their listed order (longest processing time first). A batch then ends on light students, so
    /// that no job waits long at the end for the last slow one while the others idle. Pure.
    ///
    /// - Parameter weights: per student, a guess of the work (the bytes of the files to grade).
    /// - Returns: a permutation of `weights.indices`.
    static func dispatchOrder(weights: [Int]) -> [Int] {
        weights.indices.sorted { weights[$0] != weights[$1] ? weights[$0] > weights[$1] : $0 < $1 }
    }

    /// A guess of a student's work: the bytes of the exercise files in their folder (0 for a folder
    /// that is not graded, or a file that is not a regular one).
    func weight(of student: StudentID, kind: StudentFolder.Kind) -> Int {
        guard kind == .folder else { return 0 }
        let folder = StudentFolder.path(of: student, in: options.directory)
        var total = 0
        for exercise in options.exercises {
            guard let file = grader.plans.configuration(exercise)?.file else { continue }
            var info = stat()
            if lstat(folder + "/" + file, &info) == 0, info.st_mode & S_IFMT == S_IFREG { total += Int(info.st_size) }
        }
        return total
    }

    /// Grades (or resumes) one student's exercises and writes each report.
    ///
    /// - Returns: per exercise, in option order, what became of it.
    func grade(student: StudentID, kind: StudentFolder.Kind, control: GradingControl) -> [(ExerciseID, JobOutcome)] {
        let path = StudentFolder.path(of: student, in: options.directory)
        var outcomes: [ExerciseID: JobOutcome] = [:]
        var stale: [ExerciseID] = []
        for exercise in options.exercises {
            if options.resume, kind == .folder,
                let data = FileManager.default.contents(atPath: reportPath(student: student, exercise: exercise)),
                let existing = try? ReportJSON.decode(ExerciseReport.self, from: data),
                let current = try? grader.fingerprint(path: path, exercise: exercise), existing.fingerprint == current,
                existing.identity == options.identities[student]
            {
                outcomes[exercise] = .upToDate(existing)
            } else {
                stale.append(exercise)
            }
        }
        if !stale.isEmpty {
            do {
                let fresh =
                    kind == .folder
                    ? try grader.gradeStudent(path: path, exercises: stale, student: student.name, control: control)
                    : try grader.refused(stale, student: student, path: path, reason: kind)
                for (exercise, var report) in fresh {
                    report.identity = options.identities[student]
                    try AtomicFile.write(
                        try ReportJSON.data(report), to: reportPath(student: student, exercise: exercise))
                    outcomes[exercise] = .graded(report)
                }
            } catch GraderError.cancelled {
                for exercise in stale where outcomes[exercise] == nil { outcomes[exercise] = .interrupted }
            } catch {
                for exercise in stale where outcomes[exercise] == nil {
                    outcomes[exercise] = .failed(reason: "\(student.name): \(error)")
                }
            }
        }
        return options.exercises.map {
            ($0, outcomes[$0] ?? .failed(reason: "\(student.name)/\($0.rawValue): not graded"))
        }
    }
}

/// The batch's state, shared by its threads.
final class SharedBatchState: Sendable {
    let state: Mutex<BatchState>

    init(_ state: BatchState) {
        self.state = Mutex(state)
    }
}

/// The state of a running batch.
struct BatchState: Sendable {
    let total: Int
    var next = 0
    var completed = 0
    var reports: [StudentID: [ExerciseID: ExerciseReport]] = [:]
    var graded = 0
    var upToDate = 0
    var failures: [String] = []

    init(total: Int) {
        self.total = total
    }

    mutating func nextStudent(limit: Int) -> Int? {
        guard next < limit else { return nil }
        defer { next += 1 }
        return next
    }

    /// Records a job's outcome; returns how many are done of how many.
    mutating func record(_ student: StudentID, _ exercise: ExerciseID, _ outcome: JobOutcome) -> (Int, Int) {
        completed += 1
        switch outcome {
        case .graded(let report):
            reports[student, default: [:]][exercise] = report.compacted
            graded += 1
        case .upToDate(let report):
            reports[student, default: [:]][exercise] = report.compacted
            upToDate += 1
        case .failed(let reason):
            failures.append(reason)
        case .interrupted:
            break
        }
        return (completed, total)
    }
}
