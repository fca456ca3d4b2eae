/// One run of a graded class's cases in a worker: what the grader hands to a ``WorkerLaunching``.
public struct WorkerJob: Sendable {
    /// The plugin.
    public var pluginPath: String
    /// The kit the plugin links against.
    public var kit: KitBuild
    /// The class, with its cases and expected outputs.
    public var plan: GradingPlan.ClassPlan
    /// The limits.
    public var limits: WorkerLimits
    /// The submission file names (to find the student's line in a crash report).
    public var studentFiles: [String]
    /// Whether the plugin counts references non-atomically (``PluginBuild/singleThreaded``): the
    /// class's process may then not start a thread.
    public var singleThreaded: Bool
    /// Whether the plugin links Foundation (``PluginBuild/linksFoundation``): the worker then loads
    /// the toolchain's Foundation before its first class
    /// (``WorkerLauncher/preloadedLibraries(linksFoundation:)``).
    public var linksFoundation: Bool

    /// Creates a job.
    public init(
        pluginPath: String, kit: KitBuild, plan: GradingPlan.ClassPlan, limits: WorkerLimits, studentFiles: [String],
        singleThreaded: Bool = false, linksFoundation: Bool = false
    ) {
        self.pluginPath = pluginPath
        self.kit = kit
        self.plan = plan
        self.limits = limits
        self.studentFiles = studentFiles
        self.singleThreaded = singleThreaded
        self.linksFoundation = linksFoundation
    }
}

/// What runs a worker: the grader's seam for tests (a fake that returns outcomes without a process),
/// like swift-driver's executor.
public protocol WorkerLaunching: Sendable {
    /// Runs the job's cases.
    ///
    /// - Returns: what came back and how the worker ended (a student's failure is a result).
    /// - Throws: when the worker cannot be started at all, or ``GraderError/cancelled``.
    func run(_ job: WorkerJob, control: GradingControl) throws -> WorkerOutcome

    /// A session for one student's jobs, run one after another (by default each on its own,
    /// through ``run(_:control:)``).
    func openSession() -> any WorkerSession
}

extension WorkerLaunching {
    /// A session that runs each job on its own, through ``run(_:control:)``.
    public func openSession() -> any WorkerSession { OneJobAtATime(launcher: self) }
}

/// What a grading reports as it goes, and how it is stopped: for signs of life on a terminal and
/// for Ctrl-C.
public struct GradingControl: Sendable {
    /// Something the grader is doing now.
    public enum Event: Sendable {
        /// Compiling the files of these exercises.
        case compiling([ExerciseID])
        /// Running a class's cases: done so far, in all, seconds spent of the limit.
        case running(className: String, casesDone: Int, casesTotal: Int, elapsedSeconds: Double, limitSeconds: Double)
    }

    /// Called from the grading thread as things happen.
    public var progress: (@Sendable (Event) -> Void)?
    /// Polled while the compiler or a worker runs; true stops them (``GraderError/cancelled``).
    public var isCancelled: (@Sendable () -> Bool)?

    /// Creates a control.
    public init(progress: (@Sendable (Event) -> Void)? = nil, isCancelled: (@Sendable () -> Bool)? = nil) {
        self.progress = progress
        self.isCancelled = isCancelled
    }

    /// No progress, never cancelled.
    public static let none = GradingControl()
}

extension WorkerLauncher: WorkerLaunching {
    public func run(_ job: WorkerJob, control: GradingControl) throws -> WorkerOutcome {
        try run(
            pluginPath: job.pluginPath, kit: job.kit, symbol: job.plan.gradedClass.entryPointSymbol,
            cases: job.plan.encodedInputs, maximumScalars: job.plan.maximumScalars, limits: job.limits,
            studentFiles: job.studentFiles, singleThreaded: job.singleThreaded, linksFoundation: job.linksFoundation,
            progress: job.progress(control),
            isCancelled: control.isCancelled)
    }

    /// A session that runs a student's classes in as few workers as is safe (see ``Session``).
    public func openSession() -> any WorkerSession { Session(launcher: self) }
}

extension WorkerJob {
    /// The launcher's progress calls for this job, as `control`'s events.
    func progress(_ control: GradingControl) -> (@Sendable (WorkerLauncher.Progress) -> Void)? {
        let name = plan.gradedClass.name
        return control.progress.map { report in
            { @Sendable progress in
                report(
                    .running(
                        className: name, casesDone: progress.casesDone, casesTotal: progress.casesTotal,
                        elapsedSeconds: progress.elapsedSeconds, limitSeconds: progress.limitSeconds))
            }
        }
    }
}
