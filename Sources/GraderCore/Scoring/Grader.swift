import Foundation

/// Grades submissions: read the files, compile them into a plugin, run each class in a worker,
/// score. Returns reports; never prints, never exits.
///
/// A `Grader` is immutable and grades many submissions in parallel: the cases and expected values
/// of each exercise are computed once (``GradingPlan``). What compiles and what runs workers are
/// protocols (``PluginBuilding``, ``WorkerLaunching``), so that tests swap them;
/// ``make(configuration:exercises:seed:timeLimitSeconds:workerExecutable:home:useNamespaces:)``
/// builds the real ones.
public final class Grader: Sendable {
    /// The course configuration.
    public let configuration: CourseConfiguration
    /// The seed in use (the configuration's, or an override).
    public let seed: UInt64
    /// The limits each worker runs under.
    public let limits: WorkerLimits
    /// What compiles.
    public let compiler: any PluginBuilding
    /// What runs workers.
    public let launcher: any WorkerLaunching
    /// The grading plan of each exercise to grade, made on first use.
    public let plans: GradingPlans
    /// The submission file names of the course, to find a student's line in a crash report.
    let studentFiles: [String]
    /// ``CourseConfiguration/fingerprint``, computed once.
    let configurationFingerprint: String
    /// Where earlier grades are replayed from, if anywhere.
    public let resultCache: ResultCache?

    /// Creates a grader from its parts.
    ///
    /// - Parameters:
    ///   - configuration: the course configuration.
    ///   - exercises: the exercises to prepare (all configured ones by default).
    ///   - seed: overrides the configuration's seed.
    ///   - timeLimitSeconds: overrides the configuration's time limit.
    ///   - compiler: what compiles.
    ///   - launcher: what runs workers.
    ///   - resultCache: where to replay earlier grades from (none by default).
    public init(
        configuration: CourseConfiguration, exercises: [ExerciseID]? = nil, seed: UInt64? = nil,
        timeLimitSeconds: Double? = nil, compiler: any PluginBuilding, launcher: any WorkerLaunching,
        resultCache: ResultCache? = nil
    ) {
        self.resultCache = resultCache
        self.configuration = configuration
        self.configurationFingerprint = configuration.fingerprint
        let seed = seed ?? configuration.seed
        self.seed = seed
        self.limits = WorkerLimits(
            wallSeconds: timeLimitSeconds ?? configuration.timeLimitSeconds,
            memoryBytes: UInt64(configuration.memoryLimitMB) << 20)
        self.compiler = compiler
        self.launcher = launcher
        self.plans = GradingPlans(
            configuration.exercises.filter { exercises?.contains($0.id) ?? true }, seed: seed)
        self.studentFiles = configuration.exercises.map(\.file)
    }

    /// The grader of a course with the real compiler and sandbox: finds the toolchain, builds
    /// ExerciseKit for plugins if the cache lacks it, and checks that every exercise's reference
    /// compiles with the glue.
    ///
    /// - Parameters:
    ///   - configuration: the course configuration.
    ///   - exercises: the exercises to prepare (all configured ones by default).
    ///   - seed: overrides the configuration's seed.
    ///   - timeLimitSeconds: overrides the configuration's time limit.
    ///   - workerExecutable: the `grader` binary to run workers with.
    ///   - home: where the grader's sources and cache are.
    ///   - useNamespaces: whether to ask the kernel for namespaces (`GRADER_NAMESPACES=0` says no).
    ///   - useResultCache: whether to replay earlier grades of the same bytes (``ResultCache``).
    /// - Throws: ``ToolchainError``, ``GraderError`` or ``SandboxError`` when grading is impossible here.
    public static func make(
        configuration: CourseConfiguration, exercises: [ExerciseID]? = nil, seed: UInt64? = nil,
        timeLimitSeconds: Double? = nil, workerExecutable: String, home: GraderHome, useNamespaces: Bool = true,
        useResultCache: Bool = true
    ) throws -> Grader {
        let toolchain = try Toolchain.locate()
        let kit = try KitBuild.ensure(toolchain: toolchain, home: home)
        let compiler = PluginCompiler(
            toolchain: toolchain, kit: kit, home: home,
            limits: CompileLimits(
                wallSeconds: configuration.compileTimeLimitSeconds,
                memoryBytes: UInt64(configuration.compileMemoryLimitMB) << 20),
            useNamespaces: useNamespaces)
        try compiler.selfCheck(
            configuration.exercises.filter { exercises?.contains($0.id) ?? true }, base: configuration.baseDirectory)
        let launcher = WorkerLauncher(executable: workerExecutable, toolchain: toolchain, useNamespaces: useNamespaces)
        let resultCache =
            useResultCache
            ? ResultCache.forGrader(
                cacheDirectory: home.cacheDirectory, workerExecutable: workerExecutable, toolchain: toolchain, kit: kit,
                useNamespaces: useNamespaces, compileMode: compiler.mode) : nil
        return Grader(
            configuration: configuration, exercises: exercises, seed: seed, timeLimitSeconds: timeLimitSeconds,
            compiler: compiler, launcher: launcher, resultCache: resultCache)
    }

    /// Grades the submission at `path` (a file, or a folder holding the exercise's file).
    ///
    /// - Returns: the report. A student's failure of any kind is in the report, not thrown.
    /// - Throws: ``GraderError``, ``ToolchainError`` or ``SandboxError`` when the grader itself fails.
    public func grade(path: String, exercise: ExerciseID, student: String? = nil, control: GradingControl = .none)
        throws -> ExerciseReport
    {
        guard
            let report = try gradeStudent(path: path, exercises: [exercise], student: student, control: control)[
                exercise]
        else { throw GraderError.unknownExercise(exercise.rawValue, known: plans.keys.map(\.rawValue).sorted()) }
        return report
    }

    /// Grades a student's folder for several exercises, compiling all their files with one `swiftc`
    /// when they compile together (see ``PluginCompiler/compile(_:isCancelled:)``).
    ///
    /// - Parameters:
    ///   - path: the student's folder (or, for one exercise, a file).
    ///   - exercises: the exercises to grade.
    ///   - student: the student's name for the reports, if known.
    ///   - control: progress and cancellation.
    /// - Returns: a report per exercise.
    /// - Throws: ``GraderError``, ``ToolchainError`` or ``SandboxError`` when the grader itself fails.
    public func gradeStudent(
        path: String, exercises: [ExerciseID], student: String? = nil, control: GradingControl = .none
    ) throws -> [ExerciseID: ExerciseReport] {
        let started = Date()
        var found: [(exercise: ExerciseConfiguration, found: SubmissionReader.Found)] = []
        for exercise in exercises {
            guard let configuration = plans.configuration(exercise) else {
                throw GraderError.unknownExercise(exercise.rawValue, known: plans.keys.map(\.rawValue).sorted())
            }
            found.append(
                (configuration, try SubmissionReader.read(path, exercise: configuration.exercise, catalog: catalog)))
        }
        let sources = found.compactMap { item -> SubmissionSource? in
            guard case .file(_, let bytes) = item.found else { return nil }
            return SubmissionSource(exercise: item.exercise.exercise, bytes: bytes)
        }
        let keys = resultCache.map { cache in
            Dictionary(
                sources.map {
                    ($0.exercise.id, cache.key(exercise: $0.exercise.id, sources: sources, gradingKey: gradingKey))
                },
                uniquingKeysWith: { first, _ in first })
        }
        if let replayed = replay(found: found, keys: keys, path: path, student: student, started: started) {
            return replayed
        }
        // The plans (cases and reference outputs) are made while the files compile.
        plans.prepare(found.map(\.exercise.id))
        if !sources.isEmpty { control.progress?(.compiling(sources.map(\.exercise.id))) }
        let builds = try compiler.compile(sources, isCancelled: control.isCancelled)
        var reports: [ExerciseID: ExerciseReport] = [:]
        for (configuration, located) in found {
            guard let plan = plans[configuration.id] else {
                throw GraderError.unknownExercise(configuration.id.rawValue, known: plans.keys.map(\.rawValue).sorted())
            }
            let graded = try grade(plan: plan, found: located, build: builds[plan.exercise.id], control: control)
            reports[plan.exercise.id] = report(
                plan, located, graded, path: path, student: student, seconds: Date().timeIntervalSince(started))
            if let cache = resultCache, let key = keys?[plan.exercise.id], let report = reports[plan.exercise.id] {
                cache.store(report, key: key)
            }
        }
        return reports
    }

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

    /// Grades one exercise from what was found and built.
    func grade(plan: GradingPlan, found: SubmissionReader.Found, build: PluginBuild?, control: GradingControl) throws
        -> Graded
    {
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
            let outcome = try launcher.run(
                WorkerJob(
                    pluginPath: pluginPath, kit: compiler.kit, plan: classPlan, limits: limits,
                    studentFiles: studentFiles), control: control)
            mechanisms.formUnion(outcome.mechanisms)
            if !outcome.output.isEmpty {
                outputs.append("[\(classPlan.gradedClass.name): \(outcome.outputBytes) bytes]\n" + outcome.output)
            }
            methods += Scorer.score(
                plan: classPlan, outcome: outcome, tolerance: configuration.tolerance, points: plan.exercise.points)
        }
        return Graded(
            status: .graded, methods: methods, output: outputs.isEmpty ? nil : outputs.joined(separator: "\n"),
            sandbox: SandboxMechanism.allCases.filter(mechanisms.contains), build: build,
            runSeconds: Date().timeIntervalSince(started))
    }

    /// The exercises the course knows, for messages about a file handed to the wrong one.
    var catalog: ExerciseCatalog { ExerciseCatalog(configuration.exercises.map(\.exercise)) }
}
