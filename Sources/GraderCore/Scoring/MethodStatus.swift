/// The verdict on one scored quantity (SPEC section 6): every way a submission can go wrong has its own.
public enum MethodStatus: String, Codable, Sendable, CaseIterable {
    /// Every case passed.
    case passed
    /// Shapes right and values finite, but some values out of tolerance.
    case wrongValues
    /// An output of the wrong shape.
    case wrongShape
    /// NaN or infinity in an output.
    case nonFinite
    /// The quantity was not produced (e.g. `dW` nil after backward).
    case missingValue
    /// The backward pass still is the template's "not implemented" trap.
    case notImplemented
    /// The worker crashed (a trap, a bad access...).
    case crashed
    /// The worker ran past the time limit.
    case timedOut
    /// The worker hit the memory limit.
    case memoryLimit
    /// The worker exited (e.g. called `exit`) before returning every case.
    case exitedWithoutResult
    /// Something wrote garbage on the grader's result channel.
    case protocolViolation
    /// The class is missing or a member has another signature.
    case missingMember
    /// The file does not compile.
    case compileError
    /// The compiler was still working on the file at the compile time limit.
    case compileTimedOut
    /// The compiler ran out of memory (the compile memory limit) on the file.
    case compileMemoryLimit
    /// There is no file for this exercise.
    case missingFile
    /// The file is not graded: a symbolic link, a special file, or one too large.
    case rejectedFile

    /// A short human label for tables.
    public var label: String {
        switch self {
        case .passed: "passed"
        case .wrongValues: "wrong values"
        case .wrongShape: "wrong shape"
        case .nonFinite: "NaN or infinity"
        case .missingValue: "missing value"
        case .notImplemented: "not implemented"
        case .crashed: "crashed"
        case .timedOut: "timed out"
        case .memoryLimit: "memory limit"
        case .exitedWithoutResult: "exited without a result"
        case .protocolViolation: "protocol violation"
        case .missingMember: "missing class or wrong signature"
        case .compileError: "compile error"
        case .compileTimedOut: "compile timed out"
        case .compileMemoryLimit: "compiler out of memory"
        case .missingFile: "missing file"
        case .rejectedFile: "file refused"
        }
    }
}
