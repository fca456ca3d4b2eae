import Foundation

/// Gradescope's autograder `results.json` (autograder_samples `docs/specs.md`, "Output format"): a
/// scored test per scored quantity, the failing cases each kind of student is allowed to see, the
/// hint, and an overall message; `run_autograder` writes it to `/autograder/results/results.json`.
///
/// Everything a student reads is plain text (`output_format`, `test_output_format` and
/// `test_name_format` are `text`), so that nothing a submission prints or a compiler quotes is taken
/// for HTML. The total `score` is the sum of the tests' scores.
public struct GradescopeResults: Codable, Sendable, Equatable {
    /// Gradescope's formats for names and outputs.
    public enum Format: String, Codable, Sendable, CaseIterable {
        /// Plain text (Gradescope's default for tests).
        case text
        /// Sanitised HTML.
        case html
        /// HTML with line breaks kept (Gradescope's default for the overall output).
        case simple_format
        /// Markdown.
        case md
        /// ANSI colours.
        case ansi
    }

    /// One Gradescope test.
    public struct Test: Codable, Sendable, Equatable {
        /// The test's name (the scored quantity, with its exercise).
        public var name: String
        /// Points earned.
        public var score: Points
        /// Points possible (0 for a test that only shows failing cases).
        public var max_score: Points
        /// `passed` or `failed` (Gradescope's two values).
        public var status: String
        /// What the student sees.
        public var output: String
        /// Its number, e.g. `1.2` (exercise 1, quantity 2).
        public var number: String?
        /// When a student sees it.
        public var visibility: GradescopeVisibility.Value?
        /// Tags Gradescope groups tests by.
        public var tags: [String]?
        /// The name's format (default: the top-level `test_name_format`).
        public var name_format: Format?
        /// The output's format (default: the top-level `test_output_format`).
        public var output_format: Format?
        /// Data stored with the test, never shown.
        public var extra_data: [String: String]?

        /// Creates a test.
        public init(
            name: String, score: Points, max_score: Points, status: String, output: String, number: String? = nil,
            visibility: GradescopeVisibility.Value? = nil, tags: [String]? = nil
        ) {
            self.name = name
            self.score = score
            self.max_score = max_score
            self.status = status
            self.output = output
            self.number = number
            self.visibility = visibility
            self.tags = tags
        }
    }

    /// One leaderboard entry (Gradescope's `leaderboard[]`; needs the leaderboard enabled in the
    /// assignment's settings).
    public struct LeaderboardEntry: Codable, Sendable, Equatable {
        /// The column.
        public var name: String
        /// The value.
        public var value: Double
        /// `asc` or `desc` (Gradescope's default).
        public var order: String?
    }

    /// The total score: the sum of the tests' scores.
    public var score: Points
    /// Seconds spent grading.
    public var execution_time: Double
    /// A general message shown above the tests.
    public var output: String
    /// The format of ``output``.
    public var output_format: Format?
    /// The default format of the tests' outputs.
    public var test_output_format: Format?
    /// The default format of the tests' names.
    public var test_name_format: Format?
    /// The default visibility of the tests.
    public var visibility: GradescopeVisibility.Value?
    /// Who sees what `run_autograder` printed: `hidden` (only instructors, Gradescope's default).
    public var stdout_visibility: GradescopeVisibility.Value?
    /// Data stored with the result, never shown (the seed, each exercise's status).
    public var extra_data: [String: String]?
    /// The tests.
    public var tests: [Test]
    /// Leaderboard entries (none are written).
    public var leaderboard: [LeaderboardEntry]?

    /// The largest `results.json` written (Gradescope documents no limit; PrairieLearn's 1 MB is a
    /// safe bound): long texts are cut to fit.
    public static let maximumBytes = 1_000_000

    /// Converts reports (one per exercise of the submission) to Gradescope's format.
    ///
    /// - Parameters:
    ///   - reports: the reports, in test order.
    ///   - visibility: who sees which failing cases, and when.
    ///   - notes: lines for the overall message (e.g. where a file was found).
    public init(
        reports: [ExerciseReport], visibility: GradescopeVisibility = GradescopeVisibility(), notes: [String] = []
    ) {
        self = PlatformText.fitting(Self.maximumBytes) {
            GradescopeResults(reports: reports, visibility: visibility, notes: notes, textLimit: $0)
        }
    }

    private init(reports: [ExerciseReport], visibility: GradescopeVisibility, notes: [String], textLimit: Int) {
        var tests: [Test] = []
        var lines: [String] = []
        var extra: [String: String] = [:]
        for (exerciseIndex, report) in reports.enumerated() {
            lines.append(PlatformText.summary(of: report))
            if let diagnostics = report.diagnostics {
                lines.append(PlatformText.cut(diagnostics, to: textLimit))
            }
            extra[report.exercise.rawValue] = report.status.rawValue
            extra["seed"] = String(report.seed)
            for (methodIndex, method) in report.methods.enumerated() {
                tests += Self.tests(
                    for: method, of: report, number: "\(exerciseIndex + 1).\(methodIndex + 1)",
                    visibility: visibility, textLimit: textLimit)
            }
            if let printed = report.output {
                let text = PlatformText.cut(printed, to: textLimit)
                if visibility.output == .visible {
                    lines.append("What your code printed:\n" + text)
                } else {
                    tests.append(
                        Test(
                            name: "\(report.exercise.rawValue): what your code printed", score: .zero,
                            max_score: .zero, status: "passed", output: text, number: "\(exerciseIndex + 1).0",
                            visibility: visibility.output))
                }
            }
        }
        self.score = tests.map(\.score).sum()
        self.execution_time = reports.reduce(0) { $0 + $1.timings.totalSeconds }
        self.output = (lines + notes).joined(separator: "\n")
        self.output_format = .text
        self.test_output_format = .text
        self.test_name_format = .text
        self.stdout_visibility = .hidden
        self.extra_data = reports.isEmpty ? nil : extra
        self.tests = tests
    }

    /// A scored quantity's test, and a test of 0 points per later visibility that holds its failing
    /// cases of the kinds shown later.
    static func tests(
        for method: MethodResult, of report: ExerciseReport, number: String, visibility: GradescopeVisibility,
        textLimit: Int
    ) -> [Test] {
        let name = "\(report.exercise.rawValue): \(method.name.rawValue)"
        var lines = [PlatformText.verdict(of: method)]
        if let hint = method.hint { lines.append("Hint: " + hint) }
        if let listing = PlatformText.listing(of: method) { lines.append(listing) }
        var later: [GradescopeVisibility.Value: [CaseFailure]] = [:]
        for failure in method.failures {
            let shown = visibility.visibility(ofCaseKind: failure.caseKind)
            if shown == .visible { lines.append(failure.message) } else { later[shown, default: []].append(failure) }
        }
        var companions: [Test] = []
        for value in GradescopeVisibility.Value.allCases {
            guard let failures = later[value] else { continue }
            let kinds = Set(failures.map { GradescopeVisibility.group(ofCaseKind: $0.caseKind) }).sorted()
            let group = kinds.joined(separator: " and ")
            lines.append("The failing \(group) cases \(value.phrase).")
            companions.append(
                Test(
                    name: "\(name): failing \(group) cases", score: .zero, max_score: .zero, status: "failed",
                    output: PlatformText.cut(failures.map(\.message).joined(separator: "\n"), to: textLimit),
                    number: "\(number).\(companions.count + 1)", visibility: value))
        }
        let scored = Test(
            name: name, score: method.score, max_score: method.maxScore,
            status: method.status == .passed ? "passed" : "failed",
            output: PlatformText.cut(lines.joined(separator: "\n"), to: textLimit), number: number,
            visibility: visibility.tests)
        return [scored] + companions
    }
}
