import ExerciseKit
import Foundation
import PluginWire

/// Grades submissions: compile into a plugin, run each class in a sandboxed worker, compare with the
/// reference, score. Returns reports; never prints, never exits.
///
/// A `Grader` is immutable and can grade many submissions in parallel: the cases and expected values
/// of each exercise are computed once (``GradingPlan``), the plugin cache is safe across processes.
public final class Grader: Sendable {
    /// The course configuration.
    public let configuration: CourseConfiguration
    /// The seed in use (the configuration's, or an override).
    public let seed: UInt64
    /// The limits each worker runs under.
    public let limits: WorkerLimits
    /// The plugin compiler.
    public let compiler: PluginCompiler
    /// The worker launcher.
    public let launcher: WorkerLauncher
    /// The grading plan of each configured exercise.
    public let plans: [ExerciseID: GradingPlan]
    /// ``CourseConfiguration/fingerprint``, computed once.
    let configurationFingerprint: String

    /// Creates a grader: finds the toolchain, builds ExerciseKit for plugins if needed, and computes
    /// the cases and expected values of the exercises to grade.
    ///
    /// - Parameters:
    ///   - configuration: the course configuration.
    ///   - exercises: the exercises to prepare (all configured ones by default).
    ///   - seed: overrides the configuration's seed.
    ///   - timeLimitSeconds: overrides the configuration's time limit.
    ///   - workerExecutable: the `grader` binary to run workers with.
    ///   - home: where the grader's sources and cache are.
    /// - Throws: ``ToolchainError`` or ``GraderError`` when grading is impossible here.
    public init(
        configuration: CourseConfiguration, exercises: [ExerciseID]? = nil, seed: UInt64? = nil,
        timeLimitSeconds: Double? = nil, workerExecutable: String, home: GraderHome = .current()
    ) throws {
        self.configuration = configuration
        self.configurationFingerprint = configuration.fingerprint
        let seed = seed ?? configuration.seed
        self.seed = seed
        self.limits = WorkerLimits(
            wallSeconds: timeLimitSeconds ?? configuration.timeLimitSeconds,
            memoryBytes: UInt64(configuration.memoryLimitMB) << 20)
        let toolchain = try Toolchain.locate()
        self.compiler = try PluginCompiler(toolchain: toolchain, home: home)
        // GRADER_NAMESPACES=0 starts workers without namespaces, as on a kernel that lacks them.
        let namespaces = ProcessInfo.processInfo.environment["GRADER_NAMESPACES"] != "0"
        self.launcher = WorkerLauncher(executable: workerExecutable, toolchain: toolchain, useNamespaces: namespaces)
        SandboxFolder.removeStale()
        var plans: [ExerciseID: GradingPlan] = [:]
        for exercise in configuration.exercises where exercises?.contains(exercise.id) ?? true {
            plans[exercise.id] = GradingPlan(exercise: exercise, seed: seed)
        }
        self.plans = plans
    }

    /// Grades the submission at `path` (a file, or a folder holding the exercise's file).
    ///
    /// - Parameters:
    ///   - path: the submission.
    ///   - exercise: the exercise.
    ///   - student: the student's name for the report, if known.
    /// - Returns: the report. A student's failure of any kind is in the report, not thrown.
    /// - Throws: ``GraderError``, ``ToolchainError`` or ``SandboxError`` when the grader itself fails.
    public func grade(path: String, exercise: ExerciseID, student: String? = nil) throws -> ExerciseReport {
        guard let report = try gradeStudent(path: path, exercises: [exercise], student: student)[exercise] else {
            throw GraderError.unknownExercise(exercise.rawValue)
        }
        return report
    }

    /// Grades a student's folder for several exercises, compiling all their files with one `swiftc`
    /// when they compile together (see ``PluginCompiler/compile(sources:)``).
    ///
    /// - Parameters:
    ///   - path: the student's folder (or, for one exercise, a file).
    ///   - exercises: the exercises to grade.
    ///   - student: the student's name for the reports, if known.
    /// - Returns: a report per exercise.
    /// - Throws: ``GraderError``, ``ToolchainError`` or ``SandboxError`` when the grader itself fails.
    public func gradeStudent(path: String, exercises: [ExerciseID], student: String? = nil) throws
        -> [ExerciseID: ExerciseReport]
    {
        let started = Date()
        var reports: [ExerciseID: ExerciseReport] = [:]
        var sources: [ExerciseID: Data] = [:]
        for exercise in exercises {
            guard let plan = plans[exercise] else { throw GraderError.unknownExercise(exercise.rawValue) }
            // Locate and read the file once: the fingerprint and the compile both use these bytes.
            let located = try SubmissionLocator.locate(path, exercise: exercise)
            var source: Data?
            if case .file(let file) = located {
                guard let bytes = FileManager.default.contents(atPath: file) else {
                    throw GraderError.cannotRead(path: file, reason: "permission denied or not a regular file")
                }
                source = bytes
            }
            var report = ExerciseReport(
                exercise: exercise, title: plan.exercise.title, submission: path, student: student, seed: seed,
                status: .graded, score: 0, maxScore: plan.exercise.maxScore, methods: [], diagnostics: nil,
                output: nil, sandbox: [],
                timings: .init(compileSeconds: 0, runSeconds: 0, totalSeconds: 0, cachedPlugin: false),
                fingerprint: fingerprint(exercise: exercise, located: located, source: source))
            if case .missing(let message) = located {
                report.status = .missingFile
                report.methods = uniform(plan, status: .missingFile, message: message)
            }
            sources[exercise] = source
            reports[exercise] = report
        }
        let builds = sources.isEmpty ? [:] : try compiler.compile(sources: sources)
        for exercise in exercises {
            guard var report = reports[exercise], let plan = plans[exercise] else { continue }
            if let build = builds[exercise] {
                try run(build, plan: plan, into: &report)
            }
            report.timings.totalSeconds = Date().timeIntervalSince(started)
            reports[exercise] = report
        }
        return reports
    }

    /// Runs a compiled submission's classes and scores them into `report`.
    func run(_ build: PluginBuild, plan: GradingPlan, into report: inout ExerciseReport) throws {
        report.timings.compileSeconds = build.compileSeconds
        report.timings.cachedPlugin = build.cached
        guard build.status == .built, let pluginPath = build.pluginPath else {
            report.status = .compileError
            report.diagnostics = build.diagnostics
            let first = build.diagnostics?.split(separator: "\n").first.map(String.init) ?? "the file does not compile"
            report.methods = uniform(plan, status: .compileError, message: "does not compile: \(first)")
            return
        }
        let runStarted = Date()
        var outputs: [String] = []
        var mechanisms: [SandboxMechanism] = []
        for gradedClass in plan.exercise.id.gradedClasses {
            guard let classPlan = plan.classes[gradedClass] else { continue }
            if let problem = build.classProblems[gradedClass.rawValue] {
                report.methods += gradedClass.quantities.map { quantity in
                    MethodResult(
                        name: quantity.rawValue, status: .missingMember, score: 0,
                        maxScore: plan.exercise.points(quantity), casesPassed: 0, casesTotal: classPlan.cases.count,
                        message: problem)
                }
                continue
            }
            let outcome = try launcher.run(
                pluginPath: pluginPath, kit: compiler.kit, symbol: gradedClass.entryPointSymbol,
                cases: classPlan.encodedInputs, maximumScalars: classPlan.maximumScalars, limits: limits)
            for mechanism in outcome.mechanisms where !mechanisms.contains(mechanism) { mechanisms.append(mechanism) }
            if !outcome.output.isEmpty {
                outputs.append("[\(gradedClass.className): \(outcome.outputBytes) bytes]\n" + outcome.output)
            }
            report.methods += gradedClass.quantities.map { quantity in
                score(quantity, plan: plan, classPlan: classPlan, outcome: outcome)
            }
        }
        report.timings.runSeconds = Date().timeIntervalSince(runStarted)
        report.score = (report.methods.reduce(0) { $0 + $1.score } * 1000).rounded() / 1000
        report.output = outputs.isEmpty ? nil : outputs.joined(separator: "\n")
        report.sandbox = SandboxMechanism.allCases.filter(mechanisms.contains).map(\.rawValue)
    }

    /// What a grade of `path` for `exercise` depends on: the configuration, the seed, the time limit
    /// and the submission file's bytes (or its absence). Equal fingerprints mean an equal grade.
    ///
    /// - Throws: ``GraderError/submissionNotFound(path:)``.
    public func fingerprint(path: String, exercise: ExerciseID) throws -> String {
        let located = try SubmissionLocator.locate(path, exercise: exercise)
        var source: Data?
        if case .file(let file) = located { source = FileManager.default.contents(atPath: file) ?? Data() }
        return fingerprint(exercise: exercise, located: located, source: source)
    }

    /// The fingerprint of a submission already located and read.
    func fingerprint(exercise: ExerciseID, located: SubmissionLocator.Found, source: Data?) -> String {
        var digest = SHA256()
        digest.update(field: "grade-v1 \(configurationFingerprint) \(seed) \(limits.wallSeconds) \(exercise.rawValue)")
        switch located {
        case .missing(let message): digest.update(field: "missing: " + message)
        case .file:
            digest.update(field: "file")
            digest.update(source ?? Data())
        }
        return digest.hexDigest()
    }

    /// Scores one quantity from a worker's outcome.
    func score(_ quantity: ScoredQuantity, plan: GradingPlan, classPlan: GradingPlan.ClassPlan, outcome: WorkerOutcome)
        -> MethodResult
    {
        let points = plan.exercise.points(quantity)
        let total = classPlan.cases.count
        var failures: [CaseFailure] = []
        var failing: [FailingCase] = []
        var passed = 0
        var firstMissing: Int?
        for (index, testCase) in classPlan.cases.enumerated() {
            let expected = classPlan.expected[index][quantity.outputIndex]
            guard case .outputs(let outputs) = outcome.results[index] else {
                if firstMissing == nil { firstMissing = index }
                let reason =
                    outcome.results[index] == .rejected ? "the entry point returned no usable output" : "no result"
                failures.append(
                    CaseFailure(
                        kind: .noResult, caseIndex: index, caseKind: testCase.kind, seed: testCase.seed,
                        inputShapes: Comparison.inputShapes(testCase), expectedShape: expected.shape,
                        message: "\(testCase.label): \(reason)"))
                continue
            }
            let output = quantity.outputIndex < outputs.count ? outputs[quantity.outputIndex] : .absent
            var actual: Tensor?
            if case .tensor(let wire) = output { actual = Tensor(shape: wire.shape, scalars: wire.scalars) }
            if case .oversized(let shape) = output {
                failures.append(
                    CaseFailure(
                        kind: .wrongShape, caseIndex: index, caseKind: testCase.kind, seed: testCase.seed,
                        inputShapes: Comparison.inputShapes(testCase), expectedShape: expected.shape,
                        actualShape: shape,
                        message: "\(testCase.label): \(quantity.outputDescription) has shape "
                            + "\(Comparison.format(shape)), expected \(Comparison.format(expected.shape))"))
            } else if let failure = Comparison.check(
                actual: actual, expected: expected, testCase: testCase, quantity: quantity,
                tolerance: configuration.tolerance)
            {
                failures.append(failure)
                failing.append(FailingCase(testCase: testCase, expected: classPlan.expected[index], actual: actual))
            } else {
                passed += 1
            }
        }
        let seconds = outcome.caseSeconds.values.reduce(0, +)
        let score = MethodResult.score(maxScore: points, passed: passed, total: total)
        if failures.isEmpty {
            return MethodResult(
                name: quantity.rawValue, status: .passed, score: score, maxScore: points, casesPassed: passed,
                casesTotal: total, message: "all \(total) cases passed", seconds: seconds)
        }
        let (status, message) = verdict(
            quantity: quantity, outcome: outcome, firstMissing: firstMissing, cases: classPlan.cases,
            failures: failures,
            passed: passed, total: total)
        let kept = Array(failures.filter { $0.kind != .noResult }.prefix(MethodResult.keptFailures))
        // A hint only when every failure is a comparison (no crash or timeout hides other cases).
        let mistake =
            firstMissing == nil && !failing.isEmpty
            ? MistakeCatalog.diagnose(quantity, failing: failing, tolerance: configuration.tolerance) : nil
        let hint = mistake?.hint(for: quantity, failing: failing, tolerance: configuration.tolerance)
        return MethodResult(
            name: quantity.rawValue, status: status, score: score, maxScore: points, casesPassed: passed,
            casesTotal: total, message: message, hint: hint, mistake: mistake?.id.rawValue,
            failures: kept.isEmpty ? Array(failures.prefix(1)) : kept, seconds: seconds)
    }

    /// The verdict and its message: how the worker ended first, then the first failing comparison.
    func verdict(
        quantity: ScoredQuantity, outcome: WorkerOutcome, firstMissing: Int?, cases: [TestCase],
        failures: [CaseFailure],
        passed: Int, total: Int
    ) -> (MethodStatus, String) {
        let tally = "\(passed) of \(total) cases passed"
        // Something wrote on the grader's channel: say so even when (forged) frames filled every case.
        if case .protocolViolation(let message) = outcome.termination {
            return (.protocolViolation, "\(message); \(tally)")
        }
        if let missing = firstMissing {
            let label = cases[missing].label
            switch outcome.termination {
            case .notImplemented(_, let message):
                return (.notImplemented, "backward is not implemented yet (\(message))")
            case .crashed(let signal, let message):
                return (.crashed, "crashed on \(label): \(message) [\(signalName(signal))]; \(tally)")
            case .timedOut(let limit):
                return (
                    .timedOut, "timed out on \(label): still running after \(Comparison.describe(limit)) s; \(tally)"
                )
            case .memoryLimit(let message):
                return (.memoryLimit, "hit the memory limit on \(label) (\(message)); \(tally)")
            case .exitedWithoutResult(let code):
                return (
                    .exitedWithoutResult,
                    "the process exited (status \(code)) during \(label) without returning a result; \(tally)"
                )
            case .loadFailed(let message):
                return (.crashed, "the plugin could not be loaded: \(message)")
            case .missingEntryPoint:
                return (.missingMember, "\(quantity.gradedClass.className) could not be found in the plugin")
            case .protocolViolation(let message):
                return (.protocolViolation, "\(message); \(tally)")
            case .completed:
                if outcome.results[missing] == .rejected {
                    return (.crashed, "the grader could not read the output of \(label); \(tally)")
                }
            }
        }
        guard let first = failures.first(where: { $0.kind != .noResult }) else {
            return (.exitedWithoutResult, "no result; \(tally)")
        }
        let status: MethodStatus =
            switch first.kind {
            case .wrongShape: .wrongShape
            case .nonFinite: .nonFinite
            case .missingValue: .missingValue
            case .outOfTolerance, .noResult: .wrongValues
            }
        return (status, "\(tally); \(first.message)")
    }

    /// The same verdict for every quantity of an exercise (missing file, compile error).
    func uniform(_ plan: GradingPlan, status: MethodStatus, message: String) -> [MethodResult] {
        plan.exercise.id.quantities.map { quantity in
            MethodResult(
                name: quantity.rawValue, status: status, score: 0, maxScore: plan.exercise.points(quantity),
                casesPassed: 0,
                casesTotal: plan.classes[quantity.gradedClass]?.cases.count ?? 0, message: message)
        }
    }
}
