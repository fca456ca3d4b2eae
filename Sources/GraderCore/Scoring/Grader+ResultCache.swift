import Foundation

extension Grader {
    /// The reports of every exercise replayed from the result cache, when each exercise with a file
    /// has a stored report (a missing file is graded again: it costs nothing); `nil` when one has none.
    func replay(
        found: [(exercise: ExerciseConfiguration, found: SubmissionReader.Found)], keys: [ExerciseID: String]?,
        path: String, student: String?, started: Date
    ) -> [ExerciseID: ExerciseReport]? {
        guard let cache = resultCache, let keys, !keys.isEmpty else { return nil }
        var stored: [ExerciseID: ExerciseReport] = [:]
        for (exercise, key) in keys {
            guard let report = cache.load(key, exercise: exercise) else { return nil }
            stored[exercise] = report
        }
        var reports: [ExerciseID: ExerciseReport] = [:]
        for (configuration, located) in found {
            if let report = stored[configuration.id] {
                reports[configuration.id] = ResultCache.replayed(
                    report, path: path, student: student, seconds: Date().timeIntervalSince(started))
            } else if let plan = plans[configuration.id],
                let graded = try? grade(plan: plan, found: located, build: nil, control: .none)
            {
                reports[configuration.id] = report(
                    plan, located, graded, path: path, student: student, seconds: Date().timeIntervalSince(started))
            } else {
                return nil
            }
        }
        return reports
    }
}
