/// Gradescope's autograder `results.json`: a test per scored quantity, so the grader drops into
/// that platform's harness (`grader run --format gradescope > /autograder/results/results.json`).
public struct GradescopeResults: Codable, Sendable, Equatable {
    /// One Gradescope test.
    public struct Test: Codable, Sendable, Equatable {
        /// The test's name (the scored quantity, with its exercise).
        public var name: String
        /// Points earned.
        public var score: Points
        /// Points possible.
        public var max_score: Points
        /// `passed` or `failed`.
        public var status: String
        /// What the student sees.
        public var output: String
    }

    /// The total score.
    public var score: Points
    /// Seconds spent grading.
    public var execution_time: Double
    /// A general message shown above the tests.
    public var output: String
    /// The tests.
    public var tests: [Test]

    /// Converts reports (usually one, for one exercise) to Gradescope's format.
    public init(reports: [ExerciseReport]) {
        var tests: [Test] = []
        var lines: [String] = []
        for report in reports {
            lines.append(
                "\(report.title): \(report.score)/\(report.maxScore) (\(report.status.rawValue))")
            if let diagnostics = report.diagnostics { lines.append(diagnostics) }
            for method in report.methods {
                var output = method.message
                if let hint = method.hint { output += "\nHint: " + hint }
                for failure in method.failures.dropFirst() { output += "\n" + failure.message }
                tests.append(
                    Test(
                        name: "\(report.exercise.rawValue): \(method.name)", score: method.score,
                        max_score: method.maxScore,
                        status: method.status == .passed ? "passed" : "failed", output: output))
            }
        }
        score = reports.map(\.score).sum()
        execution_time = reports.reduce(0) { $0 + $1.timings.totalSeconds }
        output = lines.joined(separator: "\n")
        self.tests = tests
    }
}
