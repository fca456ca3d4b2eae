/// One student's graded classes, run one after another: what ``Grader`` runs a submission's
/// classes with, opened by ``WorkerLaunching/openSession()`` and closed once they have all run.
///
/// A session is used from one thread at a time.
public protocol WorkerSession: AnyObject {
    /// Runs the job's cases, as ``WorkerLaunching/run(_:control:)`` does.
    ///
    /// - Returns: what came back and how the class ended (a student's failure is a result).
    /// - Throws: when a worker cannot be started at all, or ``GraderError/cancelled``.
    func run(_ job: WorkerJob, control: GradingControl) throws -> WorkerOutcome

    /// Starts, ahead of its first job, a worker for `pluginPath` where the session keeps workers
    /// (a failure to start is left for ``run(_:control:)`` to meet).
    func prepare(pluginPath: String, kit: KitBuild, limits: WorkerLimits)

    /// Ends whatever the session still holds.
    func close()
}

extension WorkerSession {
    /// Nothing to start ahead.
    public func prepare(pluginPath: String, kit: KitBuild, limits: WorkerLimits) {}
}

/// The session of a launcher that runs each job on its own.
final class OneJobAtATime: WorkerSession {
    let launcher: any WorkerLaunching

    init(launcher: any WorkerLaunching) {
        self.launcher = launcher
    }

    func run(_ job: WorkerJob, control: GradingControl) throws -> WorkerOutcome {
        try launcher.run(job, control: control)
    }

    func close() {}
}
