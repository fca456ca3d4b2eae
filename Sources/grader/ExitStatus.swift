/// The exit statuses of `grader` (SPEC section 8).
enum ExitStatus: Int32 {
    /// Grading finished, whatever the scores.
    case success = 0
    /// The grader could not grade (unreadable configuration, missing submission, no toolchain), or a
    /// batch could not grade some student.
    case failure = 1
    /// A usage error: unknown command or option, missing argument, bad value.
    case usage = 64
    /// Interrupted (Ctrl-C): what was complete is kept.
    case interrupted = 130
}
