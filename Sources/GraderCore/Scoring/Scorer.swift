import ExerciseKit

/// Turns what a worker returned into the results of a class's quantities: the rules of SPEC section
/// 4 and the verdicts of section 6. Pure: unit-tested with outcomes made by hand, no compiler and no
/// sandbox.
public enum Scorer {
    /// The results of every quantity of a class.
    ///
    /// - Parameters:
    ///   - plan: the class's cases and expected outputs.
    ///   - outcome: what the worker returned and how it ended.
    ///   - tolerance: the comparison rule.
    ///   - points: each quantity's points.
    /// - Returns: one result per quantity, in the class's output order.
    public static func score(
        plan: GradingPlan.ClassPlan, outcome: WorkerOutcome, tolerance: Tolerance,
        points: (ScoredQuantity) -> Double
    ) -> [MethodResult] {
        plan.gradedClass.outputs.enumerated().map { index, output in
            score(
                output, at: index, plan: plan, outcome: outcome, tolerance: tolerance, points: points(output.quantity))
        }
    }

    /// The same verdict for every quantity of an exercise (missing file, compile error...).
    public static func uniform(
        _ plan: GradingPlan, status: MethodStatus, message: String
    ) -> [MethodResult] {
        plan.classes.flatMap { classPlan in
            classPlan.gradedClass.quantities.map { quantity in
                MethodResult(
                    name: quantity, status: status, score: .zero, maxScore: Points(plan.exercise.points(quantity)),
                    casesPassed: 0, casesTotal: classPlan.cases.count, message: message)
            }
        }
    }

    /// "Missing class or wrong signature" for every quantity of a class the plugin lacks.
    public static func missingMember(
        _ plan: GradingPlan.ClassPlan, problem: String, points: (ScoredQuantity) -> Double
    ) -> [MethodResult] {
        plan.gradedClass.quantities.map { quantity in
            MethodResult(
                name: quantity, status: .missingMember, score: .zero, maxScore: Points(points(quantity)),
                casesPassed: 0,
                casesTotal: plan.cases.count, message: problem)
        }
    }

    /// Scores one quantity.
    static func score(
        _ output: GradedClass.Output, at outputIndex: Int, plan: GradingPlan.ClassPlan, outcome: WorkerOutcome,
        tolerance: Tolerance, points: Double
    ) -> MethodResult {
        let quantity = output.quantity
        let total = plan.cases.count
        var failures: [CaseFailure] = []
        var failing: [FailingCase] = []
        var passed = 0
        var firstMissing: Int?
        for (index, testCase) in plan.cases.enumerated() {
            let expected = plan.expected[index][outputIndex]
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
            let returned = outputIndex < outputs.count ? outputs[outputIndex] : .absent
            var actual: Tensor?
            switch returned {
            case .tensor(let wire): actual = Tensor(shape: wire.shape, scalars: wire.scalars)
            case .absent: actual = nil
            case .oversized(let shape):
                failures.append(
                    CaseFailure(
                        kind: .wrongShape, caseIndex: index, caseKind: testCase.kind, seed: testCase.seed,
                        inputShapes: Comparison.inputShapes(testCase), expectedShape: expected.shape,
                        actualShape: shape,
                        message: "\(testCase.label): \(output.description) has shape \(Comparison.format(shape)), "
                            + "expected \(Comparison.format(expected.shape))"))
                continue
            }
            if let failure = Comparison.check(
                actual: actual, expected: expected, testCase: testCase, quantity: quantity, tolerance: tolerance)
            {
                failures.append(failure)
                failing.append(FailingCase(testCase: testCase, expected: plan.expected[index], actual: actual))
            } else {
                passed += 1
            }
        }
        let seconds = outcome.caseSeconds.values.reduce(0, +)
        let score = Points.share(of: points, passed: passed, total: total)
        if failures.isEmpty, case .protocolViolation(let message) = outcome.termination {
            // Something wrote on the grader's channel: say so even when every case came back right
            // (the points of the right cases stay: only correct gradients earn them).
            return MethodResult(
                name: quantity, status: .protocolViolation, score: score, maxScore: Points(points), casesPassed: passed,
                casesTotal: total, message: "\(message); \(passed) of \(total) cases passed", seconds: seconds)
        }
        if failures.isEmpty {
            return MethodResult(
                name: quantity, status: .passed, score: score, maxScore: Points(points), casesPassed: passed,
                casesTotal: total, message: "all \(total) cases passed", seconds: seconds)
        }
        let (status, message) = verdict(
            output, outcome: outcome, firstMissing: firstMissing, cases: plan.cases, failures: failures,
            passed: passed, total: total)
        let kept = Array(failures.filter { $0.kind != .noResult }.prefix(MethodResult.keptFailures))
        // A hint only when every failure is a comparison (no crash or timeout hides other cases).
        let diagnosis =
            firstMissing == nil && !failing.isEmpty
            ? MistakeCatalog.diagnosis(quantity, in: plan.gradedClass, failing: failing, tolerance: tolerance) : nil
        var signal: String?
        if status == .crashed, case .crashed(let number, _) = outcome.termination { signal = signalName(number) }
        return MethodResult(
            name: quantity, status: status, score: score, maxScore: Points(points), casesPassed: passed,
            casesTotal: total, message: message, hint: diagnosis?.hint, mistake: diagnosis?.mistake.id,
            failures: kept.isEmpty ? Array(failures.prefix(1)) : kept, seconds: seconds, signal: signal)
    }

    /// What a crash says under one quantity: under the class's first quantity, where the crash was
    /// (`crashed on case 0 (…) in backward: Swift runtime error at FullyConnected.swift:14: …`); under a
    /// quantity read after the member that crashed, that it was never reached.
    static func crashMessage(
        _ output: GradedClass.Output, of gradedClass: GradedClass, outcome: WorkerOutcome, label: String,
        message: String, tally: String
    ) -> String {
        let step = CrashReport(output: outcome.output, studentFiles: []).glueLine.flatMap {
            $0.file == GlueSource.fileName(gradedClass) ? GlueSource.glueStep(atLine: $0.line, of: gradedClass) : nil
        }
        guard let step, let member = gradedClass.glue[step].member else {
            return "crashed on \(label): \(message); \(tally)"
        }
        let producedAt = gradedClass.glue.firstIndex {
            $0.code.hasPrefix("let \(output.variable):") || $0.code.hasPrefix("let \(output.variable) =")
        }
        if output != gradedClass.outputs.first, let producedAt, producedAt > step,
            let first = gradedClass.outputs.first
        {
            return "never reached: \(member) crashed on \(label) before \(output.shortName) was read "
                + "(the crash is under \(first.quantity.rawValue)); \(tally)"
        }
        return "crashed on \(label) in \(member): \(message); \(tally)"
    }

    /// The verdict and its message: how the worker ended first, then the first failing comparison.
    static func verdict(
        _ output: GradedClass.Output, outcome: WorkerOutcome, firstMissing: Int?, cases: [TestCase],
        failures: [CaseFailure], passed: Int, total: Int
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
                return (.notImplemented, message)
            case .crashed(_, let message):
                return (
                    .crashed,
                    crashMessage(
                        output, of: cases[missing].gradedClass, outcome: outcome, label: label, message: message,
                        tally: tally)
                )
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
                return (.missingMember, "\(cases[missing].gradedClass.name) could not be found in the plugin")
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
}
