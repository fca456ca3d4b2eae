import Foundation
import GraderCore
import Testing

/// Gradescope's and PrairieLearn's result files from constructed reports: who sees which case when,
/// the totals, the verdicts that make a submission not gradable, and the size limits.
@Suite("Platform results")
struct PlatformResultsTests {
    static func failure(_ index: Int, _ kind: String) -> CaseFailure {
        CaseFailure(
            kind: .outOfTolerance, caseIndex: index, caseKind: kind, seed: 7, inputShapes: ["x": [2, 3]],
            expectedShape: [2, 3], actualShape: [2, 3], maxError: 0.5, position: [0, 1], expected: 1, actual: 1.5,
            message: "case \(index) (\(kind), seed 7): largest error 0.5 at [0, 1]")
    }

    /// carol's dW: the sample, a random and an edge case fail (of 13), with a hint, and she printed.
    static func report() throws -> ExerciseReport {
        var test = try HTMLTestClass()
        test.add(
            "carol", .fcBackward,
            [
                HTMLTestClass.method(.fullyConnectedBackward, .passed, 4, of: 4, total: 13),
                HTMLTestClass.method(
                    .fullyConnectedDW, .wrongValues, 0.231, of: 3, passed: 1, total: 13, hint: "Transpose dW.",
                    failures: [failure(0, "sample"), failure(1, "random"), failure(11, "batch-of-one")]),
                HTMLTestClass.method(.fullyConnectedDB, .passed, 3, of: 3, total: 13),
            ], output: "[FullyConnected: 6 bytes]\nhello\n")
        return try #require(test.reports[StudentID("carol")]?[.fcBackward])
    }

    @Test func everythingVisibleByDefaultIsOneTestPerQuantity() throws {
        let results = GradescopeResults(reports: [try Self.report()])
        #expect(
            results.tests.map(\.name) == [
                "fc-backward: FullyConnected.backward", "fc-backward: FullyConnected.dW",
                "fc-backward: FullyConnected.db",
            ])
        #expect(results.tests.allSatisfy { $0.visibility == .visible })
        #expect(results.score == 7.231)
        #expect(results.tests.map(\.score).sum() == results.score)
        let dW = results.tests[1]
        #expect(dW.status == "failed" && dW.max_score == 3)
        for text in [
            "wrong values: 1 of 13 cases passed", "Hint: Transpose dW.", "case 0 (sample", "case 1 (random",
            "case 11 (batch-of-one", "(12 cases failed; the first 3 are listed)",
        ] {
            #expect(dW.output.contains(text), "\(dW.output)")
        }
        #expect(results.output.contains("What your code printed:\n[FullyConnected: 6 bytes]\nhello"))
        #expect(results.output_format == .text && results.test_output_format == .text)
        #expect(results.stdout_visibility == .hidden)
    }

    @Test func casesOfAKindShownLaterGoToTestsOfNoPointsWithTheirVisibility() throws {
        let visibility = try GradescopeVisibility(settings: [
            "random=after_due_date", "edge=hidden,output=after_published",
        ])
        let results = GradescopeResults(reports: [try Self.report()], visibility: visibility)
        #expect(
            results.tests.map(\.name) == [
                "fc-backward: FullyConnected.backward", "fc-backward: FullyConnected.dW",
                "fc-backward: FullyConnected.dW: failing edge cases",
                "fc-backward: FullyConnected.dW: failing random cases",
                "fc-backward: FullyConnected.db", "fc-backward: what your code printed",
            ])
        let byName = Dictionary(uniqueKeysWithValues: results.tests.map { ($0.name, $0) })
        let dW = try #require(byName["fc-backward: FullyConnected.dW"])
        #expect(dW.output.contains("case 0 (sample"))
        #expect(!dW.output.contains("case 1 (random") && !dW.output.contains("case 11 ("))
        #expect(dW.output.contains("The failing random cases are shown after the due date."))
        #expect(dW.output.contains("The failing edge cases are not shown."))
        let random = try #require(byName["fc-backward: FullyConnected.dW: failing random cases"])
        #expect(random.visibility == .after_due_date && random.max_score == 0 && random.score == 0)
        #expect(random.output == Self.failure(1, "random").message)
        #expect(byName["fc-backward: FullyConnected.dW: failing edge cases"]?.visibility == .hidden)
        #expect(byName["fc-backward: what your code printed"]?.visibility == .after_published)
        #expect(!results.output.contains("hello"), "printed output only in its own test")
        #expect(results.tests.map(\.score).sum() == results.score)
        #expect(Set(results.tests.compactMap(\.number)).count == results.tests.count, "numbers are unique")
    }

    @Test func visibilitySettingsAreCheckedAndRoundTrip() throws {
        #expect(throws: GradescopeVisibility.SettingError.self) { try GradescopeVisibility(settings: ["random=later"]) }
        #expect(throws: GradescopeVisibility.SettingError.self) { try GradescopeVisibility(settings: ["cases=hidden"]) }
        #expect(throws: GradescopeVisibility.SettingError.self) { try GradescopeVisibility(settings: ["hidden"]) }
        let setting = GradescopeVisibility.exportDefault.setting
        #expect(
            setting == "tests=visible,sample=visible,random=after_due_date,edge=after_due_date,output=after_due_date")
        #expect(try GradescopeVisibility(settings: [setting]) == .exportDefault)
    }

    @Test func hugeTextsAreCutToKeepTheFilesUnderTheirLimits() throws {
        var report = try Self.report()
        report.output = String(repeating: "x", count: 3_000_000)
        report.diagnostics = String(repeating: "é", count: 1_000_000)
        let gradescope = try ReportJSON.data(GradescopeResults(reports: [report]))
        #expect(gradescope.count <= GradescopeResults.maximumBytes)
        report.status = .compileError
        let prairieLearn = try ReportJSON.data(PrairieLearnResults(reports: [report]))
        #expect(prairieLearn.count <= PrairieLearnResults.maximumBytes)
        #expect(String(decoding: prairieLearn, as: UTF8.self).contains("more bytes not shown"))
    }

    @Test func prairieLearnScoresTheFractionOfThePoints() throws {
        let results = PrairieLearnResults(reports: [try Self.report()])
        #expect(results.gradable && results.format_errors == nil)
        #expect(abs(results.score - 7.231 / 10) < 1e-12)
        #expect(abs(results.tests.reduce(0) { $0 + $1.points } - 7.231) < 1e-9)
        #expect(results.tests.reduce(0) { $0 + $1.max_points } == 10)
        #expect(results.tests[1].message.contains("Hint: Transpose dW."))
        #expect(results.tests[1].output.contains("case 11 (batch-of-one"))
    }

    @Test func aMissingFileIsNotGradableAndSaysWhatWasExpected() throws {
        var test = try HTMLTestClass()
        test.add("x", .fcBackward, HTMLTestClass.fcPassed)
        let missing = [ScoredQuantity.sigmoidBackward, .reluBackward].map {
            MethodResult(
                name: $0, status: .missingFile, score: 0, maxScore: 5, casesPassed: 0, casesTotal: 12,
                message: "no Activations.swift in the submission")
        }
        test.add("x", .activationBackward, missing, status: .missingFile)
        let reports = [test.reports[StudentID("x")]?[.fcBackward], test.reports[StudentID("x")]?[.activationBackward]]
            .compactMap { $0 }
        let results = PrairieLearnResults(reports: reports, fileNames: [.activationBackward: "Activations.swift"])
        #expect(!results.gradable && results.score == 0 && results.tests.isEmpty)
        #expect(
            results.format_errors == [
                "Expected Activations.swift for Backward pass of Sigmoid and ReLU: no Activations.swift in the submission"
            ])
    }

    @Test func aCompileErrorIsGradableAndShowsTheCompiler() throws {
        var test = try HTMLTestClass()
        test.add(
            "x", .activationBackward,
            [
                HTMLTestClass.method(.sigmoidBackward, .compileError, 0, of: 5),
                HTMLTestClass.method(.reluBackward, .compileError, 0, of: 5),
            ],
            status: .compileError, diagnostics: "Activations.swift:3:5: error: cannot find 'y' in scope")
        let report = try #require(test.reports[StudentID("x")]?[.activationBackward])
        let results = PrairieLearnResults(reports: [report], fileNames: [.activationBackward: "Activations.swift"])
        #expect(results.gradable && results.score == 0 && results.tests.count == 2)
        #expect(
            results.output.contains(
                "The compiler's errors in Activations.swift:\nActivations.swift:3:5: error: cannot find 'y' in scope"))
        let gradescope = GradescopeResults(reports: [report])
        #expect(gradescope.score == 0 && gradescope.output.contains("cannot find 'y' in scope"))
    }
}
