import PluginWire
import WorkerRuntime

#if canImport(Glibc)
    import Glibc
#endif

/// How a worker's run ended.
public enum WorkerTermination: Equatable, Sendable {
    /// Every case ran.
    case completed
    /// Killed by a signal: the signal, the Swift runtime's message and the student's line when known.
    case crashed(signal: Int32, message: String)
    /// A case reached ExerciseKit's `notImplemented()` (the template's trap) in `member`.
    case notImplemented(member: String, message: String)
    /// Still running at the time limit (or out of CPU time).
    case timedOut(limitSeconds: Double)
    /// Allocation failed at the memory limit.
    case memoryLimit(message: String)
    /// Exited by itself (e.g. the submission called `exit`) before all cases ran.
    case exitedWithoutResult(code: Int32)
    /// The plugin could not be loaded.
    case loadFailed(message: String)
    /// The plugin has no entry point for the class.
    case missingEntryPoint(symbol: String)
    /// Something other than the worker wrote on the result channel, or broke its rules.
    case protocolViolation(message: String)
}

/// What a worker returned: outputs per case, how it ended, and what it printed.
public struct WorkerOutcome: Sendable {
    /// What one case gave back.
    public enum CaseResult: Equatable, Sendable {
        /// Its outputs, in the class's quantity order.
        case outputs([CaseOutput])
        /// Its entry point refused it, or its output did not decode.
        case rejected
    }

    /// By case index, what came back.
    public var results: [Int: CaseResult] = [:]
    /// Seconds each returned case took inside the worker.
    public var caseSeconds: [Int: Double] = [:]
    /// How the run ended.
    public var termination: WorkerTermination = .completed
    /// Standard output and error, capped (see ``WorkerLimits/outputCapBytes``).
    public var output: String = ""
    /// How many bytes the worker printed in all.
    public var outputBytes: Int = 0
    /// The mechanisms in force.
    public var mechanisms: [SandboxMechanism] = []
    /// Wall-clock seconds from the class's start (its request sent) to its end.
    public var wallSeconds: Double = 0
    /// How many classes its worker had run before this one (each in a fresh copy of the worker):
    /// 0 when the worker was started for it.
    public var classesBefore: Int = 0
    /// What the class left behind in its worker (which then ran no other class).
    package var residue: WorkerProtocol.Residue = []
    /// The signal that ended the class's process (0 when it exited or is unknown).
    public var endingSignal: Int32 = 0

    /// Whether the class's process was killed with SIGSYS before its cases all ran. In a class of a
    /// plugin compiled for one thread (``PluginBuild/singleThreaded``) that is what an attempt to
    /// start a thread gets (`bpg_enter_class`): the grader then runs the class again with a build
    /// that counts references atomically, and the first run counts for nothing.
    public var endedBySIGSYS: Bool { endingSignal == SIGSYS && termination != .completed }

    /// Creates an outcome (tests make their own to score without a worker).
    public init(
        results: [Int: CaseResult] = [:], caseSeconds: [Int: Double] = [:], termination: WorkerTermination = .completed,
        output: String = "", outputBytes: Int = 0, mechanisms: [SandboxMechanism] = [], wallSeconds: Double = 0
    ) {
        self.results = results
        self.caseSeconds = caseSeconds
        self.termination = termination
        self.output = output
        self.outputBytes = outputBytes
        self.mechanisms = mechanisms
        self.wallSeconds = wallSeconds
    }
}

/// One output of a case, as the worker sent it back.
public enum CaseOutput: Equatable, Sendable {
    /// A tensor.
    case tensor(BPGWireTensor)
    /// No value (e.g. `dW` still nil after backward).
    case absent
    /// A tensor too large to send back (far larger than the expected one): only its shape came.
    case oversized(shape: [Int])
}
