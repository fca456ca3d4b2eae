/// The grade of one scored quantity: its verdict, points, and the evidence.
public struct MethodResult: Codable, Sendable, Equatable {
    /// The scored quantity, e.g. `FullyConnected.dW` (its JSON key is `name`).
    public var name: ScoredQuantity
    /// The verdict.
    public var status: MethodStatus
    /// Points earned: `maxScore × casesPassed / casesTotal`, rounded to 1/1000.
    public var score: Points
    /// The quantity's points in `grader.json`.
    public var maxScore: Points
    /// Cases that passed.
    public var casesPassed: Int
    /// Cases run or attempted.
    public var casesTotal: Int
    /// One or two sentences for the student.
    public var message: String
    /// The likely mistake, when the failing outputs match a known one on every failing case.
    public var hint: String?
    /// The catalog id of that mistake (e.g. `fc.dW-transposed`), for counting across a class.
    public var mistake: Mistake.ID?
    /// The first few failing cases, with what reproduces and locates each.
    public var failures: [CaseFailure]
    /// Seconds the student's code ran for this quantity's class (inside the worker).
    public var seconds: Double
    /// For a crash, the signal that ended the worker: `SIGILL` for a Swift runtime trap, `SIGSEGV`…
    /// (the message says it in words).
    public var signal: String?

    /// Creates a result.
    public init(
        name: ScoredQuantity, status: MethodStatus, score: Points, maxScore: Points, casesPassed: Int, casesTotal: Int,
        message: String, hint: String? = nil, mistake: Mistake.ID? = nil, failures: [CaseFailure] = [],
        seconds: Double = 0, signal: String? = nil
    ) {
        self.name = name
        self.status = status
        self.score = score
        self.maxScore = maxScore
        self.casesPassed = casesPassed
        self.casesTotal = casesTotal
        self.message = message
        self.hint = hint
        self.mistake = mistake
        self.failures = failures
        self.seconds = seconds
        self.signal = signal
    }

    /// How many failures a result keeps: enough to see a pattern, few enough to keep reports small.
    public static let keptFailures = 3

    /// `maxScore × passed / total`, rounded to 1/1000.
    public static func score(maxScore: Double, passed: Int, total: Int) -> Points {
        Points.share(of: maxScore, passed: passed, total: total)
    }
}
