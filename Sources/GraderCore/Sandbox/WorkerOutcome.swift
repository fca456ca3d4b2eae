import PluginWire

/// How a worker's run ended.
public enum WorkerTermination: Equatable, Sendable {
    /// Every case ran.
    case completed
    /// Killed by a signal: the signal, the Swift runtime's message and the student's line when known.
    case crashed(signal: Int32, message: String)
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
    /// Something other than the worker wrote on the result channel.
    case protocolViolation(message: String)
}

/// What a worker returned: outputs per case, how it ended, and what it printed.
public struct WorkerOutcome: Sendable {
    /// The decoded outputs of each case that returned, by case position in the request.
    public var results: [Int: [BPGWireTensor?]] = [:]
    /// Cases whose output could not be decoded or whose entry point refused them.
    public var rejected: Set<Int> = []
    /// Seconds each returned case took inside the worker.
    public var caseSeconds: [Int: Double] = [:]
    /// How the run ended.
    public var termination: WorkerTermination = .completed
    /// Standard output and error, capped (see ``WorkerLimits/outputCapBytes``).
    public var output: String = ""
    /// How many bytes the worker printed in all.
    public var outputBytes: Int = 0
    /// The mechanisms in force (spawn-time and the worker's own Landlock and seccomp).
    public var mechanisms: SandboxMechanisms = []
    /// Wall-clock seconds from spawn to exit.
    public var wallSeconds: Double = 0
}
