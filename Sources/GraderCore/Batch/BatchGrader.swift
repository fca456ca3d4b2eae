import Foundation

/// Grades every student folder under a directory, in parallel, writing each report atomically as soon
/// as it is done, then `summary.json` and `grades.csv` (SPEC sections 7 and 8).
///
/// One student's crash, timeout or compile error is a report like any other and never stops the
/// batch. With `resume`, a report whose fingerprint matches the submission and configuration is kept
/// and not graded again, so an interrupted batch picks up where it stopped.
public final class BatchGrader: Sendable {
    /// What to grade and where to write.
    public struct Options: Sendable {
        /// The folder holding one sub-folder per student.
        public var directory: String
        /// Where reports go (`OUT/<student>/<exercise>.json`, `OUT/summary.json`, `OUT/grades.csv`).
        public var outputDirectory: String
        /// The exercises to grade, in column order.
        public var exercises: [ExerciseID]
        /// Parallel jobs.
        public var jobs: Int
        /// Keep up-to-date reports instead of grading again.
        public var resume: Bool

        /// Creates options.
        public init(directory: String, outputDirectory: String, exercises: [ExerciseID], jobs: Int, resume: Bool) {
            self.directory = directory
            self.outputDirectory = outputDirectory
            self.exercises = exercises
            self.jobs = max(1, jobs)
            self.resume = resume
        }
    }

    /// One finished (student, exercise) job, for progress output.
    public struct Progress: Sendable {
        /// Jobs finished so far, this one included.
        public var completed: Int
        /// All jobs.
        public var total: Int
        /// The student.
        public var student: String
        /// The exercise.
        public var exercise: ExerciseID
        /// The report (fresh or resumed), or `nil` when grading failed (see ``error``).
        public var report: ExerciseReport?
        /// Whether the report was kept from an earlier run.
        public var resumed: Bool
        /// Why the grader could not grade this job, if it could not.
        public var error: String?
    }

    /// The outcome of a batch.
    public struct Result: Sendable {
        /// The students, sorted.
        public var students: [String]
        /// Every report, by student then exercise, ``ExerciseReport/compacted`` (the files hold the rest).
        public var reports: [String: [ExerciseID: ExerciseReport]]
        /// Jobs graded in this run.
        public var graded: Int
        /// Jobs kept from an earlier run.
        public var resumed: Int
        /// Jobs the grader could not grade, with why.
        public var errors: [String]
        /// The class summary (also written to `summary.json`).
        public var summary: BatchSummary
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

    /// The student folders under `directory`: every non-hidden sub-directory, sorted.
    ///
    /// - Parameters:
    ///   - directory: the folder holding one sub-folder per student.
    ///   - outputDirectory: the batch's report folder, never a student even when it lies in `directory`
    ///     (`grader batch .` writes `./reports`, which a second run must not grade).
    /// - Throws: ``GraderError/submissionNotFound(path:)`` or ``GraderError/notADirectory(path:)``.
    public static func students(in directory: String, excluding outputDirectory: String? = nil) throws -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) else {
            throw GraderError.submissionNotFound(path: directory)
        }
        guard isDirectory.boolValue else { throw GraderError.notADirectory(path: directory) }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw GraderError.cannotRead(path: directory, reason: error.localizedDescription)
        }
        let excluded = outputDirectory.map(canonicalPath)
        return names.filter { name in
            var folder: ObjCBool = false
            return !name.hasPrefix(".")
                && FileManager.default.fileExists(atPath: directory + "/" + name, isDirectory: &folder)
                && folder.boolValue
                && canonicalPath(directory + "/" + name) != excluded
        }.sorted()
    }

    /// An absolute path without `.`, `..` or symbolic links, for comparing folders.
    static func canonicalPath(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }

    /// Where a student's report for an exercise goes.
    public func reportPath(student: String, exercise: ExerciseID) -> String {
        options.outputDirectory + "/" + student + "/" + exercise.rawValue + ".json"
    }

    /// Runs the batch.
    ///
    /// - Parameter progress: called after each job, from the job's thread, one call at a time.
    /// - Returns: the result; `summary.json` and `grades.csv` are written.
    /// - Throws: ``GraderError`` when the directory cannot be listed or the summary cannot be written.
    public func run(progress: @Sendable (Progress) -> Void) throws -> Result {
        let students = try BatchGrader.students(in: options.directory, excluding: options.outputDirectory)
        let total = students.count * options.exercises.count
        let state = BatchState()
        // A job is a student: all of a student's files compile with one swiftc.
        DispatchQueue.concurrentPerform(iterations: min(options.jobs, max(1, students.count))) { _ in
            while let index = state.nextJob(limit: students.count) {
                let student = students[index]
                for (exercise, outcome) in grade(student: student) {
                    state.record(
                        student: student, exercise: exercise, outcome: outcome, total: total, progress: progress)
                }
            }
        }
        let snapshot = state.snapshot()
        let summary = BatchSummary(reports: snapshot.reports, exercises: options.exercises, seed: grader.seed)
        try AtomicFile.write(try ReportJSON.data(summary), to: options.outputDirectory + "/summary.json")
        try AtomicFile.write(
            GradesCSV.render(students: students, exercises: options.exercises, reports: snapshot.reports),
            to: options.outputDirectory + "/grades.csv")
        return Result(
            students: students, reports: snapshot.reports, graded: snapshot.graded, resumed: snapshot.resumed,
            errors: snapshot.errors, summary: summary)
    }

    /// Grades (or resumes) one student's exercises and writes each report.
    ///
    /// - Returns: per exercise, in option order: the report, whether it was kept from an earlier run,
    ///   and why it could not be graded, if it could not.
    func grade(student: String) -> [(ExerciseID, (ExerciseReport?, Bool, String?))] {
        let path = options.directory + "/" + student
        var kept: [ExerciseID: ExerciseReport] = [:]
        var stale: [ExerciseID] = []
        for exercise in options.exercises {
            if options.resume,
                let data = FileManager.default.contents(atPath: reportPath(student: student, exercise: exercise)),
                let existing = try? ReportJSON.decode(ExerciseReport.self, from: data),
                let current = try? grader.fingerprint(path: path, exercise: exercise), existing.fingerprint == current
            {
                kept[exercise] = existing
            } else {
                stale.append(exercise)
            }
        }
        var fresh: [ExerciseID: ExerciseReport] = [:]
        var failure: String?
        if !stale.isEmpty {
            do {
                fresh = try grader.gradeStudent(path: path, exercises: stale, student: student)
                for (exercise, report) in fresh {
                    try AtomicFile.write(
                        try ReportJSON.data(report), to: reportPath(student: student, exercise: exercise))
                }
            } catch {
                failure = "\(student): \(error)"
                fresh = [:]
            }
        }
        return options.exercises.map { exercise in
            if let report = kept[exercise] { return (exercise, (report, true, nil)) }
            if let report = fresh[exercise] { return (exercise, (report, false, nil)) }
            return (exercise, (nil, false, failure ?? "\(student)/\(exercise.rawValue): not graded"))
        }
    }
}

/// The shared, locked state of a running batch.
final class BatchState: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    private var completed = 0
    private var reports: [String: [ExerciseID: ExerciseReport]] = [:]
    private var graded = 0
    private var resumed = 0
    private var errors: [String] = []

    func nextJob(limit: Int) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard next < limit else { return nil }
        defer { next += 1 }
        return next
    }

    func record(
        student: String, exercise: ExerciseID, outcome: (ExerciseReport?, Bool, String?), total: Int,
        progress: (BatchGrader.Progress) -> Void
    ) {
        lock.lock()
        defer { lock.unlock() }
        completed += 1
        let (report, wasResumed, error) = outcome
        if let report {
            reports[student, default: [:]][exercise] = report.compacted
            if wasResumed { resumed += 1 } else { graded += 1 }
        }
        if let error { errors.append(error) }
        progress(
            BatchGrader.Progress(
                completed: completed, total: total, student: student, exercise: exercise, report: report,
                resumed: wasResumed, error: error))
    }

    func snapshot() -> (reports: [String: [ExerciseID: ExerciseReport]], graded: Int, resumed: Int, errors: [String]) {
        lock.lock()
        defer { lock.unlock() }
        return (reports, graded, resumed, errors.sorted())
    }
}
