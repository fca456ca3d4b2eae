/// The report of one submission for one exercise (SPEC section 7): what tools rely on is `exercise`,
/// `submission`, `seed`, `status`, `score`, `maxScore` and `methods`.
public struct ExerciseReport: Codable, Sendable, Equatable {
    /// The overall outcome.
    public enum Status: String, Codable, Sendable {
        /// The file compiled and its classes ran (whatever they scored).
        case graded
        /// The file does not compile.
        case compileError
        /// The compiler ran past the compile time limit.
        case compileTimedOut
        /// The compiler ran out of memory.
        case compileMemoryLimit
        /// There is no file for this exercise.
        case missingFile
        /// The file is not graded (a link, a special file, one too large).
        case rejectedFile
    }

    /// Timings, in seconds.
    public struct Timings: Codable, Sendable, Equatable {
        /// Compiling (0 when the plugin came from the cache).
        public var compileSeconds: Double
        /// Running the workers.
        public var runSeconds: Double
        /// Everything.
        public var totalSeconds: Double
        /// Whether the plugin came from the cache.
        public var cachedPlugin: Bool
        /// `true` when the whole report was replayed from the ``ResultCache`` (nothing compiled or
        /// ran); absent otherwise.
        public var cachedResult: Bool?

        /// Creates timings.
        public init(
            compileSeconds: Double, runSeconds: Double, totalSeconds: Double, cachedPlugin: Bool,
            cachedResult: Bool? = nil
        ) {
            self.compileSeconds = compileSeconds
            self.runSeconds = runSeconds
            self.totalSeconds = totalSeconds
            self.cachedPlugin = cachedPlugin
            self.cachedResult = cachedResult
        }
    }

    /// The report format's version.
    public var formatVersion: Int = 1
    /// The exercise id.
    public var exercise: ExerciseID
    /// The exercise's title.
    public var title: String
    /// The submission's path as given.
    public var submission: String
    /// The student (the submission folder's name in a batch), when known.
    public var student: String?
    /// The seed the cases came from.
    public var seed: UInt64
    /// The overall outcome.
    public var status: Status
    /// The sum of the methods' scores.
    public var score: Points
    /// The sum of the methods' points.
    public var maxScore: Points
    /// One result per scored quantity.
    public var methods: [MethodResult]
    /// The compiler's errors in the student's file, for ``Status/compileError`` (and what stopped the
    /// compiler, for the other compile verdicts).
    public var diagnostics: String?
    /// What the submission printed (capped), when it printed anything.
    public var output: String?
    /// The isolation mechanisms that were in force around the student's code.
    public var sandbox: [SandboxMechanism]
    /// Timings.
    public var timings: Timings
    /// What the grade depends on (configuration, seed, the submission's bytes), for `batch --resume`.
    public var fingerprint: String?
    /// What the grade depends on but the submission: the configuration, the seed and the time
    /// limit, the same for every report of one batch (so that shards graded apart are not mixed).
    public var configuration: String?
    /// Who the submission belongs to, when the class came from a platform's export (Gradescope,
    /// Canvas); absent for a plain folder of students.
    public var identity: PlatformIdentity?

    /// Creates a report.
    public init(
        exercise: ExerciseID, title: String, submission: String, student: String?, seed: UInt64, status: Status,
        score: Points, maxScore: Points, methods: [MethodResult], diagnostics: String? = nil, output: String? = nil,
        sandbox: [SandboxMechanism] = [], timings: Timings, fingerprint: String? = nil, configuration: String? = nil,
        identity: PlatformIdentity? = nil
    ) {
        self.exercise = exercise
        self.title = title
        self.submission = submission
        self.student = student
        self.seed = seed
        self.status = status
        self.score = score
        self.maxScore = maxScore
        self.methods = methods
        self.diagnostics = diagnostics
        self.output = output
        self.sandbox = sandbox
        self.timings = timings
        self.fingerprint = fingerprint
        self.configuration = configuration
        self.identity = identity
    }
}

extension ExerciseReport {
    /// The report without its bulky evidence (captured output, compiler diagnostics, failure
    /// details): what a batch keeps in memory for the summary and the grade table, so that memory
    /// stays flat as a class grows. The files on disk keep everything.
    public var compacted: ExerciseReport {
        var copy = self
        copy.output = nil
        copy.diagnostics = nil
        copy.methods = methods.map { method in
            var slim = method
            slim.failures = []
            return slim
        }
        return copy
    }
}
