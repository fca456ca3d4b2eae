/// What became of one (student, exercise) of a batch.
public enum JobOutcome: Sendable {
    /// Graded in this run.
    case graded(ExerciseReport)
    /// Kept from an earlier run: its fingerprint matches the submission and the configuration.
    case upToDate(ExerciseReport)
    /// The grader could not grade it (a full disk, a worker that could not start): nothing written.
    case failed(reason: String)
    /// The batch was interrupted before it was graded: nothing written; `--resume` grades it.
    case interrupted

    /// The report, when there is one.
    public var report: ExerciseReport? {
        switch self {
        case .graded(let report), .upToDate(let report): report
        case .failed, .interrupted: nil
        }
    }
}
