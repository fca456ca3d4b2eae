import ExerciseKit

extension Grader {
    /// One case run again on its own: its inputs, the expected outputs, what came back, the verdicts.
    public struct Reproduction: Sendable {
        /// The case.
        public var testCase: TestCase
        /// The reference's outputs, in the class's output order.
        public var expected: [Tensor]
        /// What the worker returned and how it ended.
        public var outcome: WorkerOutcome
        /// The results of the class's quantities on this case alone.
        public var results: [MethodResult]
    }

    /// Runs case `index` of an exercise's classes (or of the class named `className`) on the
    /// submission at `path`, as grading runs it, and returns everything about it: what `grader run
    /// --case K` shows a student who wants to reproduce a failure.
    ///
    /// - Returns: the reproductions, one per class; or the report, when the submission could not be
    ///   run (missing, refused, not compiling), which says why.
    /// - Throws: ``GraderError`` (an index out of range is ``GraderError/noSuchCase(className:index:count:)``), or what
    ///   grading throws.
    public func reproduce(
        path: String, exercise: ExerciseID, index: Int, className: String? = nil,
        control: GradingControl = .none
    ) throws -> Result<[Reproduction], ReportReason> {
        guard let plan = plans[exercise] else {
            throw GraderError.unknownExercise(exercise.rawValue, known: plans.keys.map(\.rawValue).sorted())
        }
        let classPlans = plan.classes.filter { className == nil || $0.gradedClass.name == className }
        var restricted = plan
        restricted.classes = try classPlans.map { classPlan in
            guard let one = classPlan.restricted(to: index) else {
                throw GraderError.noSuchCase(
                    className: classPlan.gradedClass.name, index: index, count: classPlan.cases.count)
            }
            return one
        }
        let found = try SubmissionReader.read(path, exercise: plan.exercise.exercise, catalog: catalog)
        guard case .file(_, let bytes) = found else {
            return .failure(ReportReason(report: try grade(path: path, exercise: exercise)))
        }
        let sources = [SubmissionSource(exercise: plan.exercise.exercise, bytes: bytes)]
        let build = try compiler.compile(sources, isCancelled: control.isCancelled)[exercise]
        let rebuild = AtomicRebuild(compiler: compiler, sources: sources, isCancelled: control.isCancelled)
        guard let build, build.status == .built, let pluginPath = build.pluginPath else {
            return .failure(ReportReason(report: try grade(path: path, exercise: exercise)))
        }
        var reproductions: [Reproduction] = []
        for classPlan in restricted.classes {
            guard let testCase = classPlan.cases.first, let expected = classPlan.expected.first else { continue }
            if let problem = build.classProblems[classPlan.gradedClass.name] {
                reproductions.append(
                    Reproduction(
                        testCase: testCase, expected: expected, outcome: WorkerOutcome(),
                        results: Scorer.missingMember(classPlan, problem: problem, points: plan.exercise.points)))
                continue
            }
            let (outcome, _) = try runClass(
                WorkerJob(
                    pluginPath: pluginPath, kit: compiler.kit, plan: classPlan, limits: limits,
                    studentFiles: studentFiles, singleThreaded: build.singleThreaded,
                    linksFoundation: build.linksFoundation),
                rebuild: rebuild, exercise: exercise, control: control, workers: nil)
            reproductions.append(
                Reproduction(
                    testCase: testCase, expected: expected, outcome: outcome,
                    results: Scorer.score(
                        plan: classPlan, outcome: outcome, tolerance: configuration.tolerance,
                        points: plan.exercise.points)))
        }
        return .success(reproductions)
    }

    /// Why a submission could not be run: its report says.
    public struct ReportReason: Error, Sendable {
        /// The report of the submission.
        public var report: ExerciseReport
    }
}

extension GradingPlan.ClassPlan {
    /// The same plan with case `index` alone (it keeps its index, seed and kind), or `nil` when the
    /// class has no such case.
    public func restricted(to index: Int) -> GradingPlan.ClassPlan? {
        guard cases.indices.contains(index) else { return nil }
        var copy = self
        copy.cases = [cases[index]]
        copy.encodedInputs = [encodedInputs[index]]
        copy.expected = [expected[index]]
        return copy
    }
}
