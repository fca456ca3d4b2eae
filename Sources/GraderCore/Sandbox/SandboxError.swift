/// Why the grader could not start a worker (not a student's failure: those are results).
public enum SandboxError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The worker process could not be created or set up.
    case cannotStartWorker(step: String, reason: String)
    /// The worker's fresh working directory could not be made.
    case cannotCreateWorkDirectory(path: String, reason: String)

    public var description: String {
        switch self {
        case .cannotStartWorker(let step, let reason): "cannot start a sandboxed worker (\(step)): \(reason)"
        case .cannotCreateWorkDirectory(let path, let reason): "cannot create the worker directory \(path): \(reason)"
        }
    }
}
