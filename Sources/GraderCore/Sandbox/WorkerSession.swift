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

    /// Ends whatever the session still holds.
    func close()
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
