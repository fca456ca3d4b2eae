/// Why the grader could not do what it was asked (as opposed to a student's failure, which is a result).
public enum GraderError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The submission path does not exist.
    case submissionNotFound(path: String)
    /// A path that should be a directory is not one.
    case notADirectory(path: String)
    /// A file could not be read.
    case cannotRead(path: String, reason: String)
    /// A file could not be written.
    case cannotWrite(path: String, reason: String)
    /// No exercise has this id (`known` are the ids there are).
    case unknownExercise(String, known: [String])
    /// A case index that a class does not have (it has cases `0..<count`).
    case noSuchCase(className: String, index: Int, count: Int)
    /// Grading was interrupted (Ctrl-C): nothing of the unfinished work is kept.
    case cancelled
    /// The machine, not the student, made grading fail (a full disk): nothing is recorded.
    case environment(String)

    public var description: String {
        switch self {
        case .submissionNotFound(let path): "submission not found: \(path)"
        case .notADirectory(let path): "not a directory: \(path)"
        case .cannotRead(let path, let reason): "cannot read \(path): \(reason)"
        case .cannotWrite(let path, let reason): "cannot write \(path): \(reason)"
        case .noSuchCase(let className, let index, let count):
            "\(className) has cases 0 to \(count - 1); there is no case \(index)"
        case .cancelled: "interrupted"
        case .environment(let reason): reason
        case .unknownExercise(let id, let known):
            "unknown exercise '\(id)'; the exercises are: " + known.joined(separator: ", ")
        }
    }
}
