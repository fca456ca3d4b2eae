/// `summary.json`: what an instructor wants to know about a class, per exercise.
public struct BatchSummary: Codable, Sendable, Equatable {
    /// One exercise across the class.
    public struct ExerciseSummary: Codable, Sendable, Equatable {
        /// The exercise.
        public var exercise: ExerciseID
        /// Its maximum score.
        public var maxScore: Points
        /// Students with a report.
        public var students: Int
        /// Students who submitted a file.
        public var submitted: Int
        /// Mean score.
        public var mean: Double
        /// Median score.
        public var median: Double
        /// How many students scored in each tenth of the maximum (`0-10%` … `90-100%`; full marks in the last).
        public var distribution: [String: Int]
        /// Per scored quantity: the fraction of students who passed it.
        public var passRate: [ScoredQuantity: Double]
        /// Verdicts over all methods, most common first.
        public var verdicts: [Count]
        /// Per scored quantity: how often each diagnosed mistake (by catalog id) was found, most
        /// common first.
        public var mistakes: [ScoredQuantity: [Count]]
    }

    /// A label and how often it occurred.
    public struct Count: Codable, Sendable, Equatable {
        /// The label (a verdict or a hint).
        public var label: String
        /// How often.
        public var count: Int
    }

    /// The report format's version.
    public var formatVersion: Int = 1
    /// The seed.
    public var seed: UInt64
    /// The number of students.
    public var students: Int
    /// Per exercise.
    public var exercises: [ExerciseSummary]

    /// Summarises reports.
    ///
    /// - Parameters:
    ///   - reports: every report, by student then exercise.
    ///   - exercises: the exercises graded, in order, with their quantities.
    ///   - seed: the seed.
    public init(reports: [StudentID: [ExerciseID: ExerciseReport]], exercises: [Exercise], seed: UInt64) {
        self.seed = seed
        students = reports.count
        self.exercises = exercises.map { exercise in
            let list = reports.values.compactMap { $0[exercise.id] }
            let scores = list.map(\.score.value).sorted()
            let maxPoints = list.first?.maxScore ?? .zero
            let maxScore = maxPoints.value
            var distribution: [String: Int] = [:]
            for decile in 0..<10 { distribution[BatchSummary.bucketName(decile)] = 0 }
            for score in scores {
                let decile = maxScore > 0 ? min(9, Int((score / maxScore * 10).rounded(.down))) : 0
                distribution[BatchSummary.bucketName(decile), default: 0] += 1
            }
            var passed: [ScoredQuantity: Int] = [:]
            var verdicts: [String: Int] = [:]
            var mistakes: [ScoredQuantity: [String: Int]] = [:]
            for report in list {
                for method in report.methods {
                    if method.status == .passed { passed[method.name, default: 0] += 1 }
                    verdicts[method.status.rawValue, default: 0] += 1
                    if let mistake = method.mistake {
                        mistakes[method.name, default: [:]][mistake.rawValue, default: 0] += 1
                    }
                }
            }
            var passRate: [ScoredQuantity: Double] = [:]
            for quantity in exercise.quantities {
                passRate[quantity] =
                    list.isEmpty ? 0 : (Double(passed[quantity] ?? 0) / Double(list.count) * 1000).rounded() / 1000
            }
            let median: Double =
                scores.isEmpty
                ? 0
                : scores.count % 2 == 1
                    ? scores[scores.count / 2] : (scores[scores.count / 2 - 1] + scores[scores.count / 2]) / 2
            return ExerciseSummary(
                exercise: exercise.id, maxScore: maxPoints, students: list.count,
                submitted: list.filter { $0.status != .missingFile }.count,
                mean: scores.isEmpty ? 0 : (scores.reduce(0, +) / Double(scores.count) * 1000).rounded() / 1000,
                median: median, distribution: distribution, passRate: passRate,
                verdicts: BatchSummary.ranked(verdicts),
                mistakes: mistakes.mapValues(BatchSummary.ranked))
        }
    }

    static func bucketName(_ decile: Int) -> String { "\(decile * 10)-\(decile * 10 + 10)%" }

    static func ranked(_ counts: [String: Int]) -> [Count] {
        counts.map { Count(label: $0.key, count: $0.value) }.sorted { ($0.count, $1.label) > ($1.count, $0.label) }
    }
}
