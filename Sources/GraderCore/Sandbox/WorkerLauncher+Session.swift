extension WorkerLauncher {
    /// A student's classes, run one after another in as few sandboxed workers as is safe.
    ///
    /// A worker serves one plugin. Where it may fork (``SandboxedWorker``), each class runs in a
    /// fresh copy of it, so that nothing of an earlier class (its memory and static state, threads,
    /// signal handlers, descriptors) reaches the next; the worker takes the next class only when the
    /// last one completed and left nothing behind, and is replaced otherwise (after a crash, a
    /// timeout, a protocol violation, a process, a file, an IPC object, a change to the worker).
    /// Each class keeps its own time limit, from its own start.
    public final class Session: WorkerSession {
        /// The launcher that starts the workers.
        public let launcher: WorkerLauncher
        /// How many workers the session has started.
        public private(set) var workersStarted = 0
        private var worker: SandboxedWorker?

        /// Creates a session that starts workers with `launcher`.
        public init(launcher: WorkerLauncher) {
            self.launcher = launcher
        }

        deinit { worker?.stop() }

        public func run(_ job: WorkerJob, control: GradingControl) throws -> WorkerOutcome {
            if let current = worker,
                !current.acceptsAnother || current.pluginPath != job.pluginPath || current.kit != job.kit
                    || current.limits != job.limits || current.singleThreaded != job.singleThreaded
                    || current.linksFoundation != job.linksFoundation
            {
                current.stop()
                worker = nil
            }
            let active: SandboxedWorker
            if let current = worker {
                active = current
            } else {
                active = try SandboxedWorker(
                    launcher: launcher, pluginPath: job.pluginPath, kit: job.kit, limits: job.limits,
                    singleThreaded: job.singleThreaded, linksFoundation: job.linksFoundation, mayFork: true)
                workersStarted += 1
                worker = active
            }
            defer { if !active.acceptsAnother { worker = nil } }
            return try active.run(
                symbol: job.plan.gradedClass.entryPointSymbol, cases: job.plan.encodedInputs,
                maximumScalars: job.plan.maximumScalars, studentFiles: job.studentFiles,
                progress: job.progress(control), isCancelled: control.isCancelled)
        }

        public func close() {
            worker?.stop()
            worker = nil
        }
    }
}
