extension Grader {
    /// What a grade of `path` for `exercise` depends on: the configuration, the seed, the time limit
    /// and the submission file's bytes (or its absence). Equal fingerprints mean an equal grade.
    ///
    /// - Throws: ``GraderError/submissionNotFound(path:)``.
    public func fingerprint(path: String, exercise: ExerciseID) throws -> String {
        guard let plan = plans[exercise] else {
            throw GraderError.unknownExercise(exercise.rawValue, known: plans.keys.map(\.rawValue).sorted())
        }
        return fingerprint(
            exercise: exercise,
            found: try SubmissionReader.read(path, exercise: plan.exercise.exercise, catalog: catalog))
    }

    /// The fingerprint of a submission already located and read.
    func fingerprint(exercise: ExerciseID, found: SubmissionReader.Found) -> String {
        var digest = SHA256()
        digest.update(field: "grade-v1 \(configurationFingerprint) \(seed) \(limits.wallSeconds) \(exercise.rawValue)")
        switch found {
        case .missing(let message): digest.update(field: "missing: " + message)
        case .refused(let message): digest.update(field: "refused: " + message)
        case .file(_, let bytes):
            digest.update(field: "file")
            digest.update(bytes)
        }
        return digest.hexDigest()
    }

    /// What every grade of this grader depends on but the submission: the configuration, the seed
    /// and the time limit (``ExerciseReport/configuration``).
    public var gradingKey: String {
        var digest = SHA256()
        digest.update(field: "grading-v1 \(configurationFingerprint) \(seed) \(limits.wallSeconds)")
        return digest.hexDigest()
    }
}
