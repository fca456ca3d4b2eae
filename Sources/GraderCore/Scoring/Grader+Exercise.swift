import Foundation

extension Grader {
    /// The report of one exercise's grade.
    func report(
        _ plan: GradingPlan, _ located: SubmissionReader.Found, _ graded: Graded, path: String, student: String?,
        seconds: Double
    ) -> ExerciseReport {
        ExerciseReport(
            exercise: plan.exercise.id, title: plan.exercise.title, submission: path, student: student, seed: seed,
            status: graded.status, score: graded.methods.map(\.score).sum(), maxScore: Points(plan.exercise.maxScore),
            methods: graded.methods, diagnostics: graded.diagnostics, output: graded.output, sandbox: graded.sandbox,
            timings: ExerciseReport.Timings(
                compileSeconds: graded.build?.compileSeconds ?? 0, runSeconds: graded.runSeconds,
                totalSeconds: seconds, cachedPlugin: graded.build?.cached ?? false),
            fingerprint: fingerprint(exercise: plan.exercise.id, found: located), configuration: gradingKey)
    }

    /// What grading one exercise found, before it becomes a report.
    struct Graded {
        var status: ExerciseReport.Status
        var methods: [MethodResult]
        var diagnostics: String?
        var output: String?
        var sandbox: [SandboxMechanism] = []
        var build: PluginBuild?
        var runSeconds: Double = 0
    }

    /// Grades one exercise from what was found and built, running its classes in `workers` (each
    /// on its own through the launcher when `nil`).
    ///
    /// - Parameter rebuild: the atomic build, for a class of a single-threaded build that tries to
    ///   start a thread (``runClass(_:rebuild:exercise:control:workers:)``).
    func grade(
        plan: GradingPlan, found: SubmissionReader.Found, build: PluginBuild?, control: GradingControl,
        workers: (any WorkerSession)? = nil, rebuild: AtomicRebuild? = nil
    ) throws -> Graded {
        let source: String
        switch found {
        case .missing(let message):
            return Graded(status: .missingFile, methods: Scorer.uniform(plan, status: .missingFile, message: message))
        case .refused(let message):
            return Graded(status: .rejectedFile, methods: Scorer.uniform(plan, status: .rejectedFile, message: message))
        case .file(_, let bytes):
            source = String(decoding: bytes, as: UTF8.self)
        }
        guard let build else { throw GraderError.cannotWrite(path: "the plugin cache", reason: "no build recorded") }
        guard build.status == .built, let pluginPath = build.pluginPath else {
            let (status, methodStatus): (ExerciseReport.Status, MethodStatus) =
                switch build.status {
                case .compileTimedOut: (.compileTimedOut, .compileTimedOut)
                case .compileMemoryLimit: (.compileMemoryLimit, .compileMemoryLimit)
                default: (.compileError, .compileError)
                }
            let first = build.diagnostics?.split(separator: "\n").first.map(String.init) ?? "the file does not compile"
            let message = methodStatus == .compileError ? "does not compile: \(first)" : first
            let hint =
                methodStatus == .compileError
                ? SourceHints.compileHint(
                    source: source, fileName: plan.exercise.exercise.fileName, diagnostics: build.diagnostics ?? "")
                : nil
            return Graded(
                status: status,
                methods: Scorer.uniform(plan, status: methodStatus, message: message).map { result in
                    var result = result
                    result.hint = hint
                    return result
                }, diagnostics: build.diagnostics, build: build)
        }
        let started = Date()
        var methods: [MethodResult] = []
        var outputs: [String] = []
        var mechanisms: Set<SandboxMechanism> = []
        var rebuildSeconds = 0.0
        for classPlan in plan.classes {
            if let problem = build.classProblems[classPlan.gradedClass.name] {
                let hint = SourceHints.renamedClass(
                    classPlan.gradedClass, in: source, taken: Set(plan.exercise.exercise.classes.map(\.name)))
                methods += Scorer.missingMember(classPlan, problem: problem, points: plan.exercise.points).map {
                    var result = $0
                    result.hint = hint
                    return result
                }
                continue
            }
            let job = WorkerJob(
                pluginPath: pluginPath, kit: compiler.kit, plan: classPlan, limits: limits, studentFiles: studentFiles,
                singleThreaded: build.singleThreaded, linksFoundation: build.linksFoundation)
            let (outcome, seconds) = try runClass(
                job, rebuild: rebuild, exercise: plan.exercise.id, control: control, workers: workers)
            rebuildSeconds += seconds
            mechanisms.formUnion(outcome.mechanisms)
            if !outcome.output.isEmpty {
                outputs.append("[\(classPlan.gradedClass.name): \(outcome.outputBytes) bytes]\n" + outcome.output)
            }
            methods += Scorer.score(
                plan: classPlan, outcome: outcome, tolerance: configuration.tolerance, points: plan.exercise.points)
        }
        var counted = build
        counted.compileSeconds += rebuildSeconds
        return Graded(
            status: .graded, methods: methods, output: outputs.isEmpty ? nil : outputs.joined(separator: "\n"),
            sandbox: SandboxMechanism.allCases.filter(mechanisms.contains), build: counted,
            runSeconds: Date().timeIntervalSince(started) - rebuildSeconds)
    }

    /// Runs one class's job. When the job's plugin counts references non-atomically and the
    /// class's process was killed for starting a thread (``WorkerOutcome/endedBySIGSYS``), runs the
    /// class again, from the start and with its own time limit, in the build of `rebuild`: the
    /// first run counts for nothing. Without a rebuild, or when the atomic build has no plugin for
    /// the class, the first run's outcome stands.
    ///
    /// - Returns: the outcome that counts, and the seconds spent compiling the atomic build.
    /// - Throws: when a worker cannot be started, or the atomic build cannot be compiled.
    func runClass(
        _ job: WorkerJob, rebuild: AtomicRebuild?, exercise: ExerciseID, control: GradingControl,
        workers: (any WorkerSession)?
    ) throws -> (WorkerOutcome, Double) {
        func run(_ job: WorkerJob) throws -> WorkerOutcome {
            try workers?.run(job, control: control) ?? launcher.run(job, control: control)
        }
        let outcome = try run(job)
        guard job.singleThreaded, outcome.endedBySIGSYS, let rebuild,
            let atomic = try rebuild.build(exercise), atomic.status == .built, let path = atomic.pluginPath,
            atomic.classes.contains(job.plan.gradedClass.name)
        else { return (outcome, 0) }
        var again = job
        again.pluginPath = path
        again.singleThreaded = atomic.singleThreaded
        again.linksFoundation = atomic.linksFoundation
        return (try run(again), atomic.compileSeconds)
    }
}
