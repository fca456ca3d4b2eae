/// What compiling a submission produced: a plugin (with the classes it provides) or why not.
public struct PluginBuild: Codable, Sendable, Equatable {
    /// The outcome.
    public enum Status: String, Codable, Sendable {
        /// A plugin exists at ``PluginBuild/pluginPath``.
        case built
        /// The student's file does not compile: see ``PluginBuild/diagnostics``.
        case compileError
        /// The compiler ran past the compile time limit on this file.
        case compileTimedOut
        /// The compiler ran out of memory (the compile memory limit) on this file.
        case compileMemoryLimit
    }

    /// The outcome.
    public var status: Status
    /// The plugin (a `.so` in the cache), when built.
    public var pluginPath: String?
    /// The names of the classes whose entry points the plugin has.
    public var classes: [String]
    /// For each class (by name) the plugin lacks: why (missing class or wrong signature), for the student.
    public var classProblems: [String: String]
    /// The compiler's errors in the student's file, with the file's own name and line.
    public var diagnostics: String?
    /// How long compiling took, in seconds (0 when served from the cache).
    public var compileSeconds: Double
    /// Whether this came from the cache.
    public var cached: Bool
    /// How it was compiled (`nil` for a verdict reached without the compiler, or a fake's build).
    public var compilePath: CompilePath?
    /// Whether the plugin counts references non-atomically (`-assume-single-threaded`): its classes
    /// then run in processes that are killed with SIGSYS when they start a thread
    /// (``WorkerOutcome/startedAThread``), and such a class is graded again with a build that
    /// counts atomically.
    public var singleThreaded: Bool
    /// Whether a file compiled into the plugin imports Foundation, so that the plugin links it: the
    /// worker then loads the toolchain's Foundation before its first class, once, rather than each
    /// class's process loading it (``WorkerJob/linksFoundation``).
    public var linksFoundation: Bool

    /// Creates a build.
    public init(
        status: Status, pluginPath: String? = nil, classes: [String] = [], classProblems: [String: String] = [:],
        diagnostics: String? = nil, compileSeconds: Double = 0, cached: Bool = false, compilePath: CompilePath? = nil,
        singleThreaded: Bool = false, linksFoundation: Bool = false
    ) {
        self.status = status
        self.pluginPath = pluginPath
        self.classes = classes
        self.classProblems = classProblems
        self.diagnostics = diagnostics
        self.compileSeconds = compileSeconds
        self.cached = cached
        self.compilePath = compilePath
        self.singleThreaded = singleThreaded
        self.linksFoundation = linksFoundation
    }
}

/// One exercise's submission file, read (``SubmissionReader``): what the compiler is given.
public struct SubmissionSource: Sendable, Equatable {
    /// The exercise.
    public var exercise: Exercise
    /// The file's bytes.
    public var bytes: [UInt8]

    /// Creates a source.
    public init(exercise: Exercise, bytes: [UInt8]) {
        self.exercise = exercise
        self.bytes = bytes
    }
}

/// What compiles submissions into plugins: the grader's seam for tests (a fake that returns builds
/// without a compiler), like swift-driver's executor.
public protocol PluginBuilding: Sendable {
    /// The kit plugins link against.
    var kit: KitBuild { get }

    /// Compiles a student's files.
    ///
    /// - Parameters:
    ///   - sources: each exercise's submission bytes.
    ///   - atomicCounting: whether to count references atomically even where the files look
    ///     single-threaded: for a class whose single-threaded run tried to start a thread.
    ///   - isCancelled: polled while the compiler runs.
    /// - Returns: a build per exercise.
    /// - Throws: when the grader itself cannot compile (no compiler, a full disk); never for a
    ///   student's mistake.
    func compile(_ sources: [SubmissionSource], atomicCounting: Bool, isCancelled: (@Sendable () -> Bool)?) throws
        -> [ExerciseID: PluginBuild]
}

extension PluginBuilding {
    /// Compiles a student's files, with non-atomic reference counting where they look
    /// single-threaded.
    ///
    /// - Returns: a build per exercise.
    /// - Throws: as ``compile(_:atomicCounting:isCancelled:)``.
    public func compile(_ sources: [SubmissionSource], isCancelled: (@Sendable () -> Bool)? = nil) throws
        -> [ExerciseID: PluginBuild]
    {
        try compile(sources, atomicCounting: false, isCancelled: isCancelled)
    }
}
