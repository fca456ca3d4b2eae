import Foundation

/// Grades submissions: read the files, compile them into a plugin, run each class in a worker,
/// score. Returns reports; never prints, never exits.
///
/// A `Grader` is immutable and grades many submissions in parallel: the cases and expected values
/// of each exercise are computed once (``GradingPlan``). What compiles and what runs workers are
/// protocols (``PluginBuilding``, ``WorkerLaunching``), so that tests swap them;
/// ``make(configuration:exercises:seed:timeLimitSeconds:workerExecutable:home:useNamespaces:useResultCache:)``
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
    ///   - workerExecutable: the `grader` binary (workers run the `grader-worker` beside it, else it).
    ///   - home: where the grader's sources and cache are.
    ///   - useNamespaces: whether to ask the kernel for namespaces (`GRADER_NAMESPACES=0` says no).
    ///   - useResultCache: whether to replay earlier grades of the same bytes (``ResultCache``).
    /// - Throws: ``ToolchainError``, ``GraderError`` or ``SandboxError`` when grading is impossible here.
    public static func make(
        configuration: CourseConfiguration, exercises: [ExerciseID]? = nil, seed: UInt64? = nil,
        timeLimitSeconds: Double? = nil, workerExecutable: String, home: GraderHome, useNamespaces: Bool = true,
        useResultCache: Bool = true
    ) throws -> Grader {
        let toolchain = try Toolchain.locate(executable: workerExecutable)
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
                cacheDirectory: home.cacheDirectory, workerExecutable: workerExecutable,
                workerProgram: launcher.workerProgram, toolchain: toolchain, kit: kit, useNamespaces: useNamespaces,
                compileMode: compiler.mode)
            : nil
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
        // One session for all of them: their classes share workers where that is safe.
        let workers = launcher.openSession()
        defer { workers.close() }
        let rebuild = AtomicRebuild(compiler: compiler, sources: sources, isCancelled: control.isCancelled)
        var reports: [ExerciseID: ExerciseReport] = [:]
        for (configuration, located) in found {
            guard let plan = plans[configuration.id] else {
                throw GraderError.unknownExercise(configuration.id.rawValue, known: plans.keys.map(\.rawValue).sorted())
            }
            let graded = try grade(
                plan: plan, found: located, build: builds[plan.exercise.id], control: control, workers: workers,
                rebuild: rebuild)
            reports[plan.exercise.id] = report(
                plan, located, graded, path: path, student: student, seconds: Date().timeIntervalSince(started))
            if let cache = resultCache, let key = keys?[plan.exercise.id], let report = reports[plan.exercise.id] {
                cache.store(report, key: key)
            }
        }
        return reports
    }

    /// The exercises the course knows, for messages about a file handed to the wrong one.
    var catalog: ExerciseCatalog { ExerciseCatalog(configuration.exercises.map(\.exercise)) }
}
