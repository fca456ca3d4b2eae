import Foundation

/// PrairieLearn's external grading `results.json` (PrairieLearn `docs/externalGrading.md`,
/// "Grading results"): `score` in [0, 1], `gradable`, `format_errors`, and a test per scored
/// quantity with `points`, `max_points`, `message` and `output`; under 1 MB.
///
/// A submission that lacks an exercise's file (or hands in one that is refused: a link, one too
/// large) is not gradable, with a `format_errors` entry saying what was expected, so that it costs
/// the student no attempt. A compile error is gradable: it scores 0, with the compiler's message.
public struct PrairieLearnResults: Codable, Sendable, Equatable {
    /// One test, as `<pl-external-grader-results>` shows it.
    public struct Test: Codable, Sendable, Equatable {
        /// The scored quantity, with its exercise.
        public var name: String
        /// The exercise's title.
        public var description: String
        /// Points earned.
        public var points: Double
        /// Points possible.
        public var max_points: Double
        /// The verdict and the hint.
        public var message: String
        /// The failing cases.
        public var output: String
    }

    /// Whether the submission could be graded.
    public var gradable: Bool
    /// The fraction of the points earned, in [0, 1] (0 when not gradable).
    public var score: Double
    /// A sentence above the tests.
    public var message: String
    /// The overall output: each exercise's score, the compiler's errors, what the code printed.
    public var output: String
    /// Why the submission is not gradable (only when it is not).
    public var format_errors: [String]?
    /// The tests (none when the submission is not gradable).
    public var tests: [Test]

    /// PrairieLearn's limit on `results.json`: 1 MB.
    public static let limitBytes = 1024 * 1024
    /// The largest file written: under the limit with room to spare.
    public static let maximumBytes = 1_000_000

    /// Converts reports (one per exercise of the question) to PrairieLearn's format.
    ///
    /// - Parameters:
    ///   - reports: the reports, in test order.
    ///   - fileNames: each exercise's file name, for the format errors.
    ///   - notes: lines for the overall output (e.g. where a file was found).
    public init(reports: [ExerciseReport], fileNames: [ExerciseID: String] = [:], notes: [String] = []) {
        self = PlatformText.fitting(Self.maximumBytes) {
            PrairieLearnResults(reports: reports, files: fileNames, notes: notes, textLimit: $0)
        }
    }

    private init(reports: [ExerciseReport], files: [ExerciseID: String], notes: [String], textLimit: Int) {
        let fileName = { (report: ExerciseReport) in files[report.exercise] ?? "the file of \(report.exercise.rawValue)"
        }
        let unusable = reports.filter { $0.status == .missingFile || $0.status == .rejectedFile }
        var lines = reports.map(PlatformText.summary(of:))
        guard unusable.isEmpty else {
            gradable = false
            score = 0
            format_errors = unusable.map { report in
                let expected = report.methods.first.map { ": " + $0.message } ?? ""
                return "Expected \(fileName(report)) for \(report.title)\(expected)"
            }
            message =
                "This submission cannot be graded: "
                + (unusable.count == 1 ? "a file is missing or refused" : "files are missing or refused")
                + ". It costs no attempt; submit again with every file."
            output = PlatformText.cut((lines + notes).joined(separator: "\n"), to: textLimit)
            tests = []
            return
        }
        gradable = true
        format_errors = nil
        var tests: [Test] = []
        for report in reports {
            if let diagnostics = report.diagnostics {
                lines.append("The compiler's errors in \(fileName(report)):\n" + diagnostics)
            }
            if let printed = report.output { lines.append("What your code printed:\n" + printed) }
            for method in report.methods {
                var message = PlatformText.verdict(of: method)
                if let hint = method.hint { message += "\nHint: " + hint }
                if let listing = PlatformText.listing(of: method) { message += "\n" + listing }
                tests.append(
                    Test(
                        name: "\(report.exercise.rawValue): \(method.name.rawValue)", description: report.title,
                        points: method.score.value, max_points: method.maxScore.value,
                        message: PlatformText.cut(message, to: textLimit),
                        output: PlatformText.cut(method.failures.map(\.message).joined(separator: "\n"), to: textLimit))
                )
            }
        }
        let earned = reports.map(\.score).sum()
        let possible = reports.map(\.maxScore).sum()
        score = possible.thousandths > 0 ? min(1, max(0, earned.value / possible.value)) : 0
        message = "Score: \(earned)/\(possible)"
        output = (lines + notes).map { PlatformText.cut($0, to: textLimit) }.joined(separator: "\n")
        self.tests = tests
    }
}
