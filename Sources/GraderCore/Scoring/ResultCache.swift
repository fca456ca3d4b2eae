import Foundation

/// Reports of earlier grades, kept by everything a grade depends on, so that grading the same bytes
/// again under the same grading (a student re-running an unchanged file, a batch run again) replays
/// the report instead of compiling and running the student's code again.
///
/// The key covers the submission files' names and bytes (all the files compiled together), the
/// exercise, the grading key (configuration, seed, time limit), the toolchain, the kit, whether
/// namespaces are in use, the compile mode (``CompileMode``: `GRADER_COMPILE=driver` grades afresh,
/// through the driver), and the grader binary and worker program themselves (their sizes and
/// modification times): a rebuilt grader or worker, whose scoring may differ, never replays an older
/// one's reports. A report is stored only when its verdicts do not depend on the machine's load:
/// none timed out, ran out of memory or was killed (SIGKILL), in the run or in the compile. A
/// replayed report is the stored one with this
/// grade's path, student and timings (``ExerciseReport/Timings/cachedResult`` set).
public struct ResultCache: Sendable {
    /// Where the reports are kept (`<cache>/results`).
    public var directory: String
    /// What the key takes from the machine and the grader: the binary, the toolchain, the kit,
    /// the sandbox mode, the compile mode.
    public var environment: String

    /// A cache in `directory` for grades made under `environment`.
    public init(directory: String, environment: String) {
        self.directory = directory
        self.environment = environment
    }

    /// The cache of a real grader: its environment from the grader binary and the worker program
    /// (`grader-worker`, when the workers are not the grader itself), the toolchain, the kit, the
    /// sandbox mode and the compile mode; `nil` when a binary cannot be read (then nothing is
    /// cached).
    static func forGrader(
        cacheDirectory: String, workerExecutable: String, workerProgram: String, toolchain: Toolchain, kit: KitBuild,
        useNamespaces: Bool, compileMode: CompileMode
    ) -> ResultCache? {
        guard let binaries = binaryIdentity(grader: workerExecutable, worker: workerProgram) else { return nil }
        return ResultCache(
            directory: cacheDirectory + "/results",
            environment:
                "\(binaries); toolchain \(toolchain.version); kit \(kit.key); namespaces \(useNamespaces); "
                + "compile \(compileMode.rawValue)")
    }

    /// What the key takes from the programs that grade: the size and modification time of the
    /// grader, and of the worker program when it is another file (a rebuilt `grader-worker` runs
    /// the student's code and so never replays an older one's reports); `nil` when one cannot be read.
    static func binaryIdentity(grader: String, worker: String) -> String? {
        guard let binary = FileStamp.of(grader) else { return nil }
        guard worker != grader else { return "binary \(binary); worker itself" }
        guard let workerBinary = FileStamp.of(worker) else { return nil }
        return "binary \(binary); worker \(workerBinary)"
    }

    /// The key of one exercise's grade, from the sources compiled together.
    ///
    /// - Parameters:
    ///   - exercise: the exercise.
    ///   - sources: every file compiled together with the exercise's (its own included).
    ///   - gradingKey: ``Grader/gradingKey``.
    /// - Returns: a hex digest.
    public func key(exercise: ExerciseID, sources: [SubmissionSource], gradingKey: String) -> String {
        var digest = SHA256()
        digest.update(field: "result-v1")
        digest.update(field: environment)
        digest.update(field: gradingKey)
        digest.update(field: exercise.rawValue)
        for source in sources {
            digest.update(field: source.exercise.id.rawValue + " " + source.exercise.fileName)
            digest.update(field: String(source.bytes.count))
            digest.update(source.bytes)
        }
        return digest.hexDigest()
    }

    /// The stored report of `key`, if there is a readable one for `exercise`.
    public func load(_ key: String, exercise: ExerciseID) -> ExerciseReport? {
        guard let data = FileManager.default.contents(atPath: path(key)),
            let report = try? ReportJSON.decode(ExerciseReport.self, from: data), report.exercise == exercise
        else { return nil }
        return report
    }

    /// Stores `report` under `key` when ``isReplayable(_:)`` says it may be replayed. Best effort:
    /// a cache that cannot be written only means grading again next time.
    public func store(_ report: ExerciseReport, key: String) {
        guard ResultCache.isReplayable(report), let data = try? ReportJSON.data(report) else { return }
        let file = path(key)
        try? FileManager.default.createDirectory(
            atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try? AtomicFile.write(data, to: file)
    }

    /// Whether a report's verdicts would come out the same on another run: none of them depends on
    /// the machine's load or memory (a timeout, a memory limit, a kill), in the compile or the run.
    public static func isReplayable(_ report: ExerciseReport) -> Bool {
        switch report.status {
        case .compileTimedOut, .compileMemoryLimit: return false
        case .graded, .compileError, .missingFile, .rejectedFile: break
        }
        return report.methods.allSatisfy { method in
            method.status != .timedOut && method.status != .memoryLimit && method.status != .compileTimedOut
                && method.status != .compileMemoryLimit && method.signal != "SIGKILL"
        }
    }

    /// A stored report as this grade's: its path, student and timings.
    static func replayed(_ stored: ExerciseReport, path: String, student: String?, seconds: Double) -> ExerciseReport {
        var report = stored
        report.submission = path
        report.student = student
        report.timings = ExerciseReport.Timings(
            compileSeconds: 0, runSeconds: 0, totalSeconds: seconds, cachedPlugin: true, cachedResult: true)
        return report
    }

    private func path(_ key: String) -> String { directory + "/" + key.prefix(2) + "/" + key + ".json" }
}
