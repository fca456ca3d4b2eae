/// Why the grader could not compile anything (the toolchain or ExerciseKit is missing or broken).
///
/// A student's compile error is not one of these: it is a ``MethodStatus/compileError`` result.
public enum ToolchainError: Error, CustomStringConvertible, Equatable, Sendable {
    /// No usable `swiftc` was found.
    case compilerNotFound(searched: [String])
    /// ExerciseKit's sources (or the plugin wire source) were not found.
    case sourcesNotFound(path: String)
    /// Building ExerciseKit failed: the grader's own code did not compile with this toolchain.
    case kitBuildFailed(diagnostics: String)
    /// The grader's own glue for a class did not compile, on a line that does not touch the student's
    /// declarations: a grader bug or a toolchain mismatch, never blamed on the student.
    case glueFailed(className: String, diagnostics: String)
    /// The compiler could not be run at all.
    case cannotRun(path: String, reason: String)

    public var description: String {
        switch self {
        case .compilerNotFound(let searched):
            "no Swift compiler found (looked for \(searched.joined(separator: ", "))); "
                + "install Swift or set SWIFTC to the path of swiftc"
        case .sourcesNotFound(let path):
            "the grader's sources are not at \(path); run the grader from its checkout, "
                + "or set GRADER_HOME to the checkout's root"
        case .kitBuildFailed(let diagnostics):
            "could not build ExerciseKit for plugins: \(diagnostics.split(separator: "\n").first ?? "")"
        case .glueFailed(let className, let diagnostics):
            "the grader's glue for \(className) does not compile with this toolchain: "
                + "\(diagnostics.split(separator: "\n").first ?? "")"
        case .cannotRun(let path, let reason): "cannot run \(path): \(reason)"
        }
    }
}
