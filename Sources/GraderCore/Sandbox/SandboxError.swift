/// Why the grader could not start a sandboxed process (not a student's failure: those are results).
public enum SandboxError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The process could not be created or set up: which one, at which step, and why.
    case cannotStart(process: String, step: String, reason: String)
    /// A folder of the sandbox could not be made.
    case cannotCreateWorkDirectory(path: String, reason: String)

    public var description: String {
        switch self {
        case .cannotStart(let process, let step, let reason):
            "cannot start \(process) in its sandbox (\(step)): \(reason)"
        case .cannotCreateWorkDirectory(let path, let reason): "cannot create the sandbox folder \(path): \(reason)"
        }
    }
}
