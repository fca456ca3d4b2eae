import Foundation
import GraderCore
import TestSupport
import Testing

/// A class made of constructed reports (no compiler, no worker), for the HTML pages' tests.
struct HTMLTestClass {
    var students: [StudentID] = []
    var reports: [StudentID: [ExerciseID: ExerciseReport]] = [:]
    let exercises: [Exercise]
    let seed: UInt64 = 20_261_121
    let fingerprint = "c0ffee" + String(repeating: "0", count: 58)

    init() throws {
        exercises = [
            try #require(ExerciseCatalog.standard.exercise(.fcBackward)),
            try #require(ExerciseCatalog.standard.exercise(.activationBackward)),
        ]
    }

    /// The class report, the reports compacted as a batch keeps them.
    var compacted: ClassReport {
        ClassReport(
            students: students, exercises: exercises, reports: reports.mapValues { $0.mapValues(\.compacted) },
            seed: seed, configurationFingerprint: fingerprint)
    }

    /// The class report with the whole reports.
    var whole: ClassReport {
        ClassReport(
            students: students, exercises: exercises, reports: reports, seed: seed,
            configurationFingerprint: fingerprint)
    }

    /// Adds a student's report for an exercise: the methods' scores sum to the report's.
    mutating func add(
        _ name: String, _ exercise: ExerciseID, _ methods: [MethodResult], status: ExerciseReport.Status = .graded,
        output: String? = nil, diagnostics: String? = nil, submission: String? = nil
    ) {
        let student = StudentID(name)
        if !students.contains(student) { students.append(student) }
        let title = exercises.first { $0.id == exercise }?.defaultTitle ?? exercise.rawValue
        reports[student, default: [:]][exercise] = ExerciseReport(
            exercise: exercise, title: title, submission: submission ?? "class/" + name, student: name, seed: seed,
            status: status, score: methods.map(\.score).sum(), maxScore: methods.map(\.maxScore).sum(),
            methods: methods, diagnostics: diagnostics, output: output, sandbox: [.seccomp],
            timings: .init(compileSeconds: 0.5, runSeconds: 0.25, totalSeconds: 1, cachedPlugin: false),
            configuration: fingerprint)
    }

    /// A method result.
    static func method(
        _ name: ScoredQuantity, _ status: MethodStatus, _ score: Points, of maxScore: Points, passed: Int = 0,
        total: Int = 12, mistake: Mistake.ID? = nil, hint: String? = nil, failures: [CaseFailure] = []
    ) -> MethodResult {
        MethodResult(
            name: name, status: status, score: score, maxScore: maxScore,
            casesPassed: status == .passed ? total : passed, casesTotal: total,
            message: status == .passed ? "all \(total) cases passed" : "\(passed) of \(total) cases passed",
            hint: hint, mistake: mistake, failures: failures)
    }

    /// Full marks in fc-backward.
    static var fcPassed: [MethodResult] {
        [
            method(.fullyConnectedBackward, .passed, 4, of: 4), method(.fullyConnectedDW, .passed, 3, of: 3),
            method(.fullyConnectedDB, .passed, 3, of: 3),
        ]
    }

    /// Full marks in activation-backward.
    static var activationPassed: [MethodResult] {
        [method(.sigmoidBackward, .passed, 5, of: 5), method(.reluBackward, .passed, 5, of: 5)]
    }

    /// A failure of dW, out of tolerance at [1, 0].
    static func dWFailure(case index: Int) -> CaseFailure {
        CaseFailure(
            kind: .outOfTolerance, caseIndex: index, caseKind: index == 0 ? "sample" : "random", seed: 20_261_121,
            inputShapes: ["x": [2, 3], "W": [3, 4], "b": [4], "dout": [2, 4]], expectedShape: [3, 4],
            actualShape: [3, 4], maxError: 0.375, position: [1, 0], expected: -0.125, actual: 0.25,
            message: "case \(index): largest error 0.375 at [1, 0]")
    }

    /// Six students: full marks, a transposed dW (twice, with two hints), a db mean, a crash, a
    /// compile error and a missing file.
    static func sample() throws -> HTMLTestClass {
        var test = try HTMLTestClass()
        test.add("alice", .fcBackward, fcPassed)
        test.add("alice", .activationBackward, activationPassed)
        for (name, hint) in [
            ("bob", "Your dW is transposed: hint one."), ("carol", "Your dW is transposed: hint two."),
        ] {
            test.add(
                name, .fcBackward,
                [
                    method(.fullyConnectedBackward, .passed, 4, of: 4),
                    method(
                        .fullyConnectedDW, .wrongValues, 0.25, of: 3, passed: 1, mistake: "fc.dW-transposed",
                        hint: hint,
                        failures: [dWFailure(case: 0), dWFailure(case: 2)]),
                    method(.fullyConnectedDB, .passed, 3, of: 3),
                ], output: "[FullyConnected: 6 bytes]\nhello\n")
            test.add(name, .activationBackward, activationPassed)
        }
        test.add(
            "dave", .fcBackward,
            [
                method(.fullyConnectedBackward, .passed, 4, of: 4), method(.fullyConnectedDW, .passed, 3, of: 3),
                method(.fullyConnectedDB, .wrongValues, 0, of: 3, mistake: "fc.db-mean", hint: "Your db is a mean."),
            ])
        test.add(
            "dave", .activationBackward,
            [method(.sigmoidBackward, .crashed, 0, of: 5), method(.reluBackward, .passed, 5, of: 5)])
        test.add("erin", .fcBackward, fcPassed)
        test.add(
            "erin", .activationBackward,
            [method(.sigmoidBackward, .compileError, 0, of: 5), method(.reluBackward, .compileError, 0, of: 5)],
            status: .compileError, diagnostics: "Activations.swift:3:5: error: cannot find 'y' in scope\n    y\n    ^")
        test.add(
            "frank", .fcBackward,
            [
                method(.fullyConnectedBackward, .missingFile, 0, of: 4),
                method(.fullyConnectedDW, .missingFile, 0, of: 3),
                method(.fullyConnectedDB, .missingFile, 0, of: 3),
            ], status: .missingFile)
        test.add("frank", .activationBackward, activationPassed)
        return test
    }
}

/// Finding things in rendered HTML.
enum HTMLText {
    /// The capture groups of every match of `pattern` in `text`.
    static func captures(_ pattern: String, in text: String) throws -> [[String]] {
        let regex = try Regex(pattern)
        return text.matches(of: regex).map { match in
            (1..<match.output.count).map { match.output[$0].substring.map(String.init) ?? "" }
        }
    }

    /// The part of `text` from the first `start` to the first `end` after it (both included), or "".
    static func part(of text: String, from start: String, to end: String) -> String {
        guard let lower = text.range(of: start) else { return "" }
        let rest = text[lower.lowerBound...]
        guard let upper = rest.range(of: end) else { return String(rest) }
        return String(rest[..<upper.upperBound])
    }

    /// The page's text as UTF-8.
    static func page(_ data: Data) -> String { String(decoding: data, as: UTF8.self) }

    /// `text` with `%XX` escapes decoded, as a browser reads a relative link's path.
    static func percentDecoded(_ text: String) -> String {
        var bytes: [UInt8] = []
        var index = text.utf8.startIndex
        let utf8 = text.utf8
        while index < utf8.endIndex {
            let byte = utf8[index]
            if byte == UInt8(ascii: "%"), let end = utf8.index(index, offsetBy: 3, limitedBy: utf8.endIndex),
                let value = UInt8(String(decoding: utf8[utf8.index(after: index)..<end], as: UTF8.self), radix: 16)
            {
                bytes.append(value)
                index = end
            } else {
                bytes.append(byte)
                index = utf8.index(after: index)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// How the pages are expected to write numbers: as `summary.json` has them, without a needless
/// `.0`; rates as percentages with at most one decimal.
enum HTMLFormatting {
    static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(describing: value)
    }

    static func percent(_ fraction: Double) -> String {
        number((fraction * 1000).rounded() / 10) + "%"
    }
}
