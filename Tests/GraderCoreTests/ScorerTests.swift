// The scoring and verdict rules, pure: outcomes made by hand, no compiler and no worker.

import ExerciseKit
import PluginWire
import TestSupport
import Testing

@testable import GraderCore

@Suite("Scorer")
struct ScorerTests {
    /// The sigmoid's plan with two random cases (3 cases in all with the sample, 6 with the edges).
    let plan = GradingPlan.ClassPlan(gradedClass: .sigmoid, generator: CaseGenerator(seed: 7, randomCases: 2))

    /// The right outputs of every case.
    func rightOutputs() -> [Int: WorkerOutcome.CaseResult] {
        var results: [Int: WorkerOutcome.CaseResult] = [:]
        for (index, outputs) in plan.expected.enumerated() {
            results[index] = .outputs(outputs.map { .tensor(BPGWireTensor(shape: $0.shape, scalars: $0.scalars)) })
        }
        return results
    }

    func score(_ outcome: WorkerOutcome) throws -> MethodResult {
        try #require(Scorer.score(plan: plan, outcome: outcome, tolerance: .standard, points: { _ in 5 }).first)
    }

    @Test("every case right: passed, full points")
    func allRight() throws {
        let result = try score(WorkerOutcome(results: rightOutputs()))
        #expect(result.status == .passed && result.score == 5 && result.casesPassed == plan.cases.count)
    }

    @Test("one case off: wrong values, points for the others, the failure located")
    func oneCaseOff() throws {
        var results = rightOutputs()
        var wrong = plan.expected[1][0]
        wrong[0, 0] += 0.5
        results[1] = .outputs([.tensor(BPGWireTensor(shape: wrong.shape, scalars: wrong.scalars))])
        let result = try score(WorkerOutcome(results: results))
        #expect(result.status == .wrongValues)
        #expect(result.casesPassed == plan.cases.count - 1)
        #expect(result.score == Points.share(of: 5, passed: plan.cases.count - 1, total: plan.cases.count))
        let failure = try #require(result.failures.first)
        #expect(failure.caseIndex == 1 && failure.position == [0, 0] && failure.kind == .outOfTolerance)
    }

    @Test("a crash after two cases: crashed, the two cases' points, no hint")
    func crashAfterTwo() throws {
        var results = rightOutputs()
        for index in 2..<plan.cases.count { results[index] = nil }
        let result = try score(
            WorkerOutcome(results: results, termination: .crashed(signal: 4, message: "Fatal error: boom")))
        #expect(result.status == .crashed)
        #expect(result.casesPassed == 2)
        #expect(result.message.hasPrefix("crashed on case 2") && result.message.contains("Fatal error: boom"))
        #expect(!result.message.contains("[SIG") && result.signal == "SIGILL")
        #expect(result.hint == nil)
    }

    @Test("the template's notImplemented: not implemented, whatever its message says")
    func notImplemented() throws {
        let result = try score(
            WorkerOutcome(termination: .notImplemented(member: "Sigmoid.backward", message: "anything at all")))
        #expect(result.status == .notImplemented && result.score == .zero)
    }

    @Test("a protocol violation wins even over cases that all passed")
    func violationWins() throws {
        let result = try score(
            WorkerOutcome(results: rightOutputs(), termination: .protocolViolation(message: "forged")))
        #expect(result.status == .protocolViolation)
    }

    @Test("an oversized output is a wrong shape, with its shape")
    func oversized() throws {
        var results = rightOutputs()
        results[0] = .outputs([.oversized(shape: [8_000_000])])
        let result = try score(WorkerOutcome(results: results))
        #expect(result.status == .wrongShape)
        #expect(result.failures.first?.actualShape == [8_000_000])
    }

    @Test("a timeout with nothing back: timed out, 0")
    func timeout() throws {
        let result = try score(WorkerOutcome(termination: .timedOut(limitSeconds: 20)))
        #expect(result.status == .timedOut && result.score == .zero && result.message.contains("20 s"))
    }
}

@Suite("Points")
struct PointsTests {
    @Test("rounded once, to 1/1000, and written without needless decimals")
    func rounding() {
        #expect(Points(122.41666).description == "122.417")
        #expect(Points(10).description == "10")
        #expect(Points(7.5).description == "7.5")
        #expect(Points(0.0005).description == "0.001")
        #expect(Points.share(of: 4, passed: 3, total: 13).description == "0.923")
    }

    @Test("sums are exact")
    func sums() {
        let parts: [Points] = [0.1, 0.2, 0.3]
        #expect(parts.sum() == 0.6)
        #expect(parts.sum().description == "0.6")
    }
}
