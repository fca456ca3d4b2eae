extension Grader {
    /// The reports of a student whose folder is not graded at all (a symbolic link, a name that is not
    /// UTF-8): every exercise refused, with why.
    public func refused(_ exercises: [ExerciseID], student: StudentID, path: String, reason: StudentFolder.Kind) throws
        -> [ExerciseID: ExerciseReport]
    {
        let message =
            switch reason {
            case .link: "the submission folder is a symbolic link: it is not followed (hand in a folder of files)"
            case .invalidName: "the submission folder's name is not valid UTF-8: rename the folder"
            case .folder: "the submission folder could not be read"
            }
        var reports: [ExerciseID: ExerciseReport] = [:]
        for exercise in exercises {
            guard let plan = plans[exercise] else {
                throw GraderError.unknownExercise(exercise.rawValue, known: plans.keys.map(\.rawValue).sorted())
            }
            let found = SubmissionReader.Found.refused(message: message)
            let graded = try grade(plan: plan, found: found, build: nil, control: .none)
            reports[exercise] = ExerciseReport(
                exercise: exercise, title: plan.exercise.title, submission: path, student: student.name, seed: seed,
                status: graded.status, score: .zero, maxScore: Points(plan.exercise.maxScore), methods: graded.methods,
                diagnostics: nil, output: nil, sandbox: [],
                timings: ExerciseReport.Timings(compileSeconds: 0, runSeconds: 0, totalSeconds: 0, cachedPlugin: false),
                fingerprint: fingerprint(exercise: exercise, found: found), configuration: gradingKey)
        }
        return reports
    }
}
