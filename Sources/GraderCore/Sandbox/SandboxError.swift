/// Why the grader could not start a sandboxed process (not a student's failure: those are results).
public enum SandboxError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The process could not be created or set up: which one, at which step, and why.
    case cannotStart(process: String, step: String, reason: String)
    /// A folder of the sandbox could not be made.
    case cannotCreateWorkDirectory(path: String, reason: String)
    /// The worker program could not read the grader's request: a `grader-worker` of another build
    /// than the grader's (an older one left next to a rebuilt grader). No student code ran.
    case workerRefusedRequest(program: String, version: Int)

    public var description: String {
        switch self {
        case .cannotStart(let process, let step, let reason):
            "cannot start \(process) in its sandbox (\(step)): \(reason)"
        case .cannotCreateWorkDirectory(let path, let reason): "cannot create the sandbox folder \(path): \(reason)"
        case .workerRefusedRequest(let program, let version):
            "the worker program \(program) could not read the grader's request (worker protocol \(version)): it is "
                + "not from the same build as the grader; build and install grader and grader-worker together "
                + "(`swift build -c release`), or remove \(program) to run workers as the grader itself"
        }
    }
}
