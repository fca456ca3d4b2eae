import CSandbox
import Foundation
import WorkerRuntime

#if canImport(Glibc)
    import Glibc
#endif

/// Starts sandboxed workers and runs graded classes of plugins in them: one class in a worker of
/// its own (``run(pluginPath:kit:symbol:cases:maximumScalars:limits:studentFiles:progress:isCancelled:)``),
/// or a student's classes one after another in as few workers as is safe (``openSession()``).
///
/// The worker is `grader-worker` when it lies next to the grader (a program without Foundation,
/// which starts faster), else the grader itself in its hidden worker mode; see ``WorkerMain`` and
/// ``SandboxedWorker``.
public struct WorkerLauncher: Sendable {
    /// The `grader` executable (the running one, or the built one in tests).
    public var executable: String
    /// The program workers run: `grader-worker` beside ``executable`` when it is there, else
    /// ``executable`` itself.
    public var workerProgram: String
    /// The toolchain, for the runtime's library directory and crash reporter.
    public var toolchain: Toolchain
    /// Whether to ask for namespaces at all (off only to test the fallback).
    public var useNamespaces: Bool

    /// Creates a launcher.
    ///
    /// - Parameters:
    ///   - executable: the `grader` binary (the running one, or the built one in tests).
    ///   - toolchain: the toolchain plugins were built with.
    ///   - useNamespaces: whether to ask for namespaces.
    public init(executable: String, toolchain: Toolchain, useNamespaces: Bool = true) {
        self.executable = executable
        self.workerProgram = WorkerLauncher.workerProgram(besides: executable)
        self.toolchain = toolchain
        self.useNamespaces = useNamespaces
    }

    /// `grader-worker` in the folder of `executable` when it is an executable file there, else
    /// `executable`.
    public static func workerProgram(besides executable: String) -> String {
        guard let slash = executable.lastIndex(of: "/") else { return executable }
        let sibling = String(executable[..<slash]) + "/grader-worker"
        return access(sibling, X_OK) == 0 ? sibling : executable
    }

    /// Why this kernel would not build a worker's minimal root, once a start learnt it (the grader
    /// then runs workers in the host's tree, with Landlock).
    public static var minimalRootRefusal: String? { SandboxedProcess.minimalRootRefusal.withLock { $0 } }

    /// What a running worker has done so far, for signs of life.
    public struct Progress: Sendable {
        /// Cases answered.
        public var casesDone: Int
        /// Cases in all.
        public var casesTotal: Int
        /// Seconds since the class started.
        public var elapsedSeconds: Double
        /// The time limit.
        public var limitSeconds: Double
    }

    /// Runs `cases` (wire-encoded input lists) through `symbol` in `pluginPath`, in a worker of
    /// their own.
    ///
    /// - Parameters:
    ///   - pluginPath: the compiled plugin.
    ///   - kit: the ExerciseKit build the plugin links against.
    ///   - symbol: the class's entry point.
    ///   - cases: each case's inputs, encoded with ``BPGWireCodec``.
    ///   - maximumScalars: per case, the most output scalars to take back (larger outputs come back
    ///     as their shape alone).
    ///   - limits: the limits.
    ///   - studentFiles: the submission file names, to find the student's line in a crash report.
    ///   - singleThreaded: whether the plugin counts references non-atomically
    ///     (``PluginBuild/singleThreaded``): its class's process may then not start a thread.
    ///   - linksFoundation: whether the plugin links Foundation, which the worker then loads before
    ///     the class (``preloadedLibraries(linksFoundation:)``).
    ///   - progress: called now and then from this thread while the worker runs.
    ///   - isCancelled: polled as the worker runs; when it returns true the worker is killed and
    ///     ``GraderError/cancelled`` thrown.
    /// - Returns: what came back and how the worker ended. A crash, a timeout or garbage on the
    ///   channel is a result, not an error.
    /// - Throws: ``SandboxError`` when the worker cannot be started at all.
    public func run(
        pluginPath: String, kit: KitBuild, symbol: String, cases: [[UInt8]], maximumScalars: [UInt64],
        limits: WorkerLimits, studentFiles: [String], singleThreaded: Bool = false, linksFoundation: Bool = false,
        progress: (@Sendable (Progress) -> Void)? = nil, isCancelled: (@Sendable () -> Bool)? = nil
    ) throws -> WorkerOutcome {
        let worker = try SandboxedWorker(
            launcher: self, pluginPath: pluginPath, kit: kit, limits: limits, singleThreaded: singleThreaded,
            linksFoundation: linksFoundation, mayFork: false)
        defer { worker.stop() }
        return try worker.run(
            symbol: symbol, cases: cases, maximumScalars: maximumScalars, studentFiles: studentFiles,
            progress: progress, isCancelled: isCancelled)
    }

    /// The libraries a worker loads before its first class: the toolchain's Foundation for a plugin
    /// that links it, so that each class's process finds it loaded. Trusted code only: named here,
    /// never by the submission.
    func preloadedLibraries(linksFoundation: Bool) -> [String] {
        linksFoundation ? [toolchain.runtimeLibraryDirectory + "/libFoundation.so"] : []
    }
}
