// Scoring through the real pipeline (compiler, plugin, sandboxed worker) on the shipped
// configuration: correct submissions get full marks, each classic mistake costs its own method only
// and exactly the cases it gets wrong, the untouched template scores 0 as "not implemented".

import ExerciseKit
import Foundation
import GraderCore
import TestSupport
import Testing

/// Whether `actual` passes against `expected` under the shipped rule (same shape, finite, 1e-5).
private func passes(_ actual: Tensor, _ expected: Tensor) -> Bool {
    actual.shape == expected.shape
        && zip(actual.scalars, expected.scalars).allSatisfy { Tolerance.standard.accepts($0, expected: $1) }
}

/// A case's inputs and reference outputs, for predicting what a mistaken formula gives on it.
struct ScoringMistakeProbe {
    let testCase: TestCase
    let expected: [Tensor]

    func input(_ name: String) -> Tensor { testCase.input(name)! }
    var batch: Int { (testCase.input("x") ?? testCase.input("y")!).shape[0] }
}

/// One mistake fixture: which quantity it breaks, the verdict it should get, and the output the
/// mistaken formula gives on a case, so the cases it gets right anyway can be counted exactly.
struct ScoringMistakeFixture: Sendable, CustomTestStringConvertible {
    let fixture: String
    let quantity: ScoredQuantity
    let status: MethodStatus
    /// The mistaken output, computed from the case and its reference outputs.
    let mistaken: @Sendable (ScoringMistakeProbe) -> Tensor

    var exercise: ExerciseID { quantity.gradedClass.exercise }
    var testDescription: String { fixture }

    init(
        _ fixture: String, _ quantity: ScoredQuantity, _ status: MethodStatus,
        _ mistaken: @escaping @Sendable (ScoringMistakeProbe) -> Tensor
    ) {
        self.fixture = fixture
        self.quantity = quantity
        self.status = status
        self.mistaken = mistaken
    }

    /// Element-wise on two same-shaped inputs.
    static func elementwise(_ a: Tensor, _ b: Tensor, _ f: (Double, Double) -> Double) -> Tensor {
        Tensor(shape: a.shape, scalars: zip(a.scalars, b.scalars).map(f))
    }

    /// The one-hot of the softmax case's labels.
    static func oneHot(_ c: ScoringMistakeProbe) -> Tensor {
        let x = c.input("x")
        var result = Tensor.zeros(like: x)
        for (row, label) in c.input("t").scalars.enumerated() { result[row, Int(label)] = 1 }
        return result
    }

    static let all: [ScoringMistakeFixture] = [
        // FullyConnected.
        .init("mistake-fc-db-mean", .fullyConnectedDB, .wrongValues) { c in c.expected[2] / Double(c.batch) },
        .init("mistake-fc-db-wrong-axis", .fullyConnectedDB, .wrongShape) { c in c.input("dout").sum(alongAxis: 1) },
        .init("mistake-fc-dw-transposed", .fullyConnectedDW, .wrongShape) { c in c.expected[1].transposed() },
        .init("mistake-fc-dx-not-reshaped", .fullyConnectedBackward, .wrongShape) { c in
            c.expected[0].reshaped([c.batch, -1])
        },
        .init("mistake-fc-dx-uses-W", .fullyConnectedBackward, .wrongValues) { c in
            // W·doutᵀ is dxᵀ, reshaped to x's shape without transposing back.
            c.expected[0].reshaped([c.batch, -1]).transposed().reshaped(c.input("x").shape)
        },
        // Sigmoid and ReLU.
        .init("mistake-sigmoid-from-x", .sigmoidBackward, .wrongValues) { c in
            c.input("dout") * (1.0 - c.input("x")) * c.input("x")
        },
        .init("mistake-sigmoid-no-dout", .sigmoidBackward, .wrongValues) { c in
            let y = c.input("x").map { 1 / (1 + Foundation.exp(-$0)) }
            return (1.0 - y) * y
        },
        .init("mistake-relu-mask-strict", .reluBackward, .wrongValues) { c in
            elementwise(c.input("x"), c.input("dout")) { x, dout in x < 0 ? 0 : dout }
        },
        .init("mistake-relu-inverted-mask", .reluBackward, .wrongValues) { c in
            elementwise(c.input("x"), c.input("dout")) { x, dout in x <= 0 ? dout : 0 }
        },
        .init("mistake-relu-mask-from-dout", .reluBackward, .wrongValues) { c in
            c.input("dout").map { $0 <= 0 ? 0 : $0 }
        },
        // SoftmaxWithLoss and MeanSquaredError.
        .init("mistake-softmax-no-batch-division", .softmaxWithLossBackward, .wrongValues) { c in
            c.expected[0] * Double(c.batch)
        },
        .init("mistake-softmax-batch-times-classes", .softmaxWithLossBackward, .wrongValues) { c in
            c.expected[0] / Double(c.input("x").shape[1])
        },
        .init("mistake-softmax-no-onehot", .softmaxWithLossBackward, .wrongValues) { c in
            c.expected[0] + oneHot(c) / Double(c.batch)
        },
        .init("mistake-softmax-unstable", .softmaxWithLossBackward, .nonFinite) { c in
            let e = exp(c.input("x"))
            return (e / e.sum(alongAxis: 1, keepingDimension: true) - oneHot(c)) / Double(c.batch)
        },
        .init("mistake-mse-batch-division", .meanSquaredErrorBackward, .wrongValues) { c in
            c.expected[0] / Double(c.batch)
        },
        .init("mistake-mse-sign", .meanSquaredErrorBackward, .wrongValues) { c in -1.0 * c.expected[0] },
    ]
}

@Suite("Scoring through the real pipeline", .serialized)
struct ScoringTests {
    static let correctSubmissions = [
        TestEnvironment.example("alice"), TestEnvironment.example("bob"),
        TestEnvironment.fixture("style-loops"), TestEnvironment.fixture("style-recompute"),
        TestEnvironment.fixture("style-extra-members"),
    ]

    @Test("correct submissions get full marks on every exercise", arguments: correctSubmissions)
    func fullMarks(submission: String) throws {
        let grader = try TestEnvironment.sharedGrader()
        for exercise in ExerciseID.allCases {
            let report = try grader.grade(path: submission, exercise: exercise)
            let plan = try #require(grader.plans[exercise])
            #expect(report.status == .graded, "\(exercise.rawValue): \(report.methods.map(\.message))")
            #expect(report.maxScore == 10)
            #expect(report.score == report.maxScore, "\(exercise.rawValue)")
            #expect(report.seed == grader.seed)
            #expect(report.methods.map(\.name.rawValue) == exercise.quantities.map(\.rawValue))
            for method in report.methods {
                let quantity = method.name
                #expect(method.status == .passed, "\(method.name): \(method.message)")
                #expect(method.score == method.maxScore && method.maxScore == Points(quantity.defaultPoints))
                #expect(method.casesTotal == plan.classes[quantity.gradedClass]?.cases.count)
                #expect(method.casesPassed == method.casesTotal)
                #expect(method.failures.isEmpty)
                #expect(method.message == "all \(method.casesTotal) cases passed")
            }
        }
    }

    @Test(
        "a mistake costs its own method only, exactly on the cases it gets wrong", arguments: ScoringMistakeFixture.all)
    func mistake(_ mistake: ScoringMistakeFixture) throws {
        let grader = try TestEnvironment.sharedGrader()
        let report = try grader.grade(path: TestEnvironment.fixture(mistake.fixture), exercise: mistake.exercise)
        #expect(report.status == .graded)
        let classPlan = try #require(grader.plans[mistake.exercise]?.classes[mistake.quantity.gradedClass])

        for method in report.methods where method.name != mistake.quantity {
            #expect(method.status == .passed, "\(method.name) should be untouched: \(method.message)")
            #expect(method.score == method.maxScore)
            #expect(method.casesPassed == method.casesTotal)
        }
        let method = try #require(report.methods.first { $0.name == mistake.quantity })
        // The cases the mistaken formula still gets right: exactly those pass, and they are not all.
        let unaffected = zip(classPlan.cases, classPlan.expected).filter { testCase, expected in
            let graded = ScoringMistakeProbe(testCase: testCase, expected: expected)
            return passes(mistake.mistaken(graded), expected[mistake.quantity.outputIndex])
        }
        #expect(unaffected.count < classPlan.cases.count, "the cases must catch \(mistake.fixture)")
        #expect(method.casesTotal == classPlan.cases.count)
        #expect(method.casesPassed == unaffected.count, "\(method.message)")
        #expect(method.status == mistake.status, "\(method.message)")
        #expect(method.score < method.maxScore)
        #expect(
            method.score
                == MethodResult.score(
                    maxScore: method.maxScore.value, passed: method.casesPassed, total: method.casesTotal))
        #expect(report.score == report.maxScore - method.maxScore + method.score)
        // The failures point at reproducible cases of this seed.
        let first = try #require(method.failures.first)
        #expect(first.seed == grader.seed)
        #expect(!unaffected.contains { $0.0.index == first.caseIndex })
        #expect(method.message.contains("seed \(grader.seed)"))
        #expect(method.message.contains("\(method.casesPassed) of \(method.casesTotal) cases passed"))
    }

    // The mistakes the brief singles out, with what is specific to each.

    @Test("softmax without division by the batch passes only batch-of-one cases")
    func softmaxNoBatchDivision() throws {
        let grader = try TestEnvironment.sharedGrader()
        let report = try grader.grade(
            path: TestEnvironment.fixture("mistake-softmax-no-batch-division"), exercise: .lossBackward)
        let method = try #require(report.methods.first { $0.name == "SoftmaxWithLoss.backward" })
        let cases = try #require(grader.plans[.lossBackward]?.classes[.softmaxWithLoss]?.cases)
        #expect(method.casesPassed == cases.filter { $0.inputs[0].shape[0] == 1 }.count)
        #expect(method.casesPassed >= 1)
        #expect(method.status == .wrongValues)
        #expect(try #require(method.failures.first).caseIndex == 0, "the seeds' sample (batch 2) already fails")
        #expect(report.methods.first { $0.name == "MeanSquaredError.backward" }?.score == 5)
    }

    @Test("a transposed dW is a wrong shape on the non-square sample")
    func transposedDW() throws {
        let grader = try TestEnvironment.sharedGrader()
        let report = try grader.grade(path: TestEnvironment.fixture("mistake-fc-dw-transposed"), exercise: .fcBackward)
        let method = try #require(report.methods.first { $0.name == "FullyConnected.dW" })
        #expect(method.status == .wrongShape)
        let failure = try #require(method.failures.first)
        #expect(failure.caseIndex == 0 && failure.kind == .wrongShape)
        #expect(failure.expectedShape == [2, 3] && failure.actualShape == [3, 2])
        #expect(method.casesPassed == 0)
        #expect(report.score == 7)
    }

    @Test("db averaged over the batch passes only batch-of-one cases")
    func dbAveraged() throws {
        let grader = try TestEnvironment.sharedGrader()
        let report = try grader.grade(path: TestEnvironment.fixture("mistake-fc-db-mean"), exercise: .fcBackward)
        let method = try #require(report.methods.first { $0.name == "FullyConnected.db" })
        let cases = try #require(grader.plans[.fcBackward]?.classes[.fullyConnected]?.cases)
        #expect(method.status == .wrongValues)
        #expect(method.casesPassed == cases.filter { $0.inputs[2].shape[0] == 1 }.count)
        #expect(method.casesPassed >= 1)
        let failure = try #require(method.failures.first)
        #expect(failure.kind == .outOfTolerance && failure.caseIndex == 0)
        // Sample: db = [0.5, 0.7, 0.9]; the mean is half of it, the largest error 0.45 at [2].
        #expect(failure.position == [2])
        #expect(abs((failure.expected ?? 0) - 0.9) < 1e-12 && abs((failure.actual ?? 0) - 0.45) < 1e-12)
    }

    @Test("dx not reshaped back fails exactly the inputs of rank 3 and 4, as a wrong shape")
    func dxNotReshaped() throws {
        let grader = try TestEnvironment.sharedGrader()
        let report = try grader.grade(
            path: TestEnvironment.fixture("mistake-fc-dx-not-reshaped"), exercise: .fcBackward)
        let method = try #require(report.methods.first { $0.name == "FullyConnected.backward" })
        let cases = try #require(grader.plans[.fcBackward]?.classes[.fullyConnected]?.cases)
        let rankTwo = cases.filter { $0.inputs[2].rank == 2 }
        #expect(method.status == .wrongShape)
        #expect(method.casesPassed == rankTwo.count)
        #expect(rankTwo.count < cases.count)
        let failure = try #require(method.failures.first)
        let failing = cases[failure.caseIndex]
        #expect(failure.expectedShape == failing.inputs[2].shape)
        #expect(failure.actualShape == [failing.inputs[2].shape[0], failing.inputs[0].shape[0]])
        #expect(
            report.methods.filter { $0.status == .passed }.map(\.name.rawValue) == [
                "FullyConnected.dW", "FullyConnected.db",
            ])
    }

    @Test("a ReLU mask of x < 0 fails exactly the cases with exact zeros")
    func reluStrictMask() throws {
        let grader = try TestEnvironment.sharedGrader()
        let report = try grader.grade(
            path: TestEnvironment.fixture("mistake-relu-mask-strict"), exercise: .activationBackward)
        let method = try #require(report.methods.first { $0.name == "ReLU.backward" })
        let cases = try #require(grader.plans[.activationBackward]?.classes[.relu]?.cases)
        let withZeros = cases.filter { zip($0.inputs[0].scalars, $0.inputs[1].scalars).contains { $0 == 0 && $1 != 0 } }
        #expect(withZeros.contains { $0.kind == "sample" } && withZeros.contains { $0.kind == "exact-zeros" })
        #expect(method.casesPassed == cases.count - withZeros.count)
        #expect(method.status == .wrongValues)
        // Sample: x = [-1, 0, 1], dout = [1, 2, 3]: the leak is dout = 2 at x = 0.
        let failure = try #require(method.failures.first)
        #expect(failure.caseIndex == 0 && failure.position == [0, 1])
        #expect(failure.expected == 0 && failure.actual == 2)
        #expect(report.methods.first { $0.name == "Sigmoid.backward" }?.status == .passed)
    }

    @Test("a sigmoid derivative taken from x instead of y fails every case")
    func sigmoidFromX() throws {
        let grader = try TestEnvironment.sharedGrader()
        let report = try grader.grade(
            path: TestEnvironment.fixture("mistake-sigmoid-from-x"), exercise: .activationBackward)
        let method = try #require(report.methods.first { $0.name == "Sigmoid.backward" })
        #expect(method.status == .wrongValues)
        #expect(method.casesPassed == 0)
        #expect(method.score == 0)
        // Sample: x = [-1, 0, 1], dout = [1, 2, 3]: dout·(1 - x)·x = [-2, 0, 0] against [0.197, 0.5, 0.590].
        let failure = try #require(method.failures.first)
        #expect(failure.caseIndex == 0 && failure.position == [0, 0] && failure.actual == -2)
        #expect(report.score == 5)
    }

    @Test("the untouched template scores 0, every method 'not implemented'", arguments: ExerciseID.allCases)
    func untouchedTemplate(exercise: ExerciseID) throws {
        let grader = try TestEnvironment.sharedGrader()
        let report = try grader.grade(path: TestEnvironment.example("heidi"), exercise: exercise)
        #expect(report.status == .graded)
        #expect(report.score == 0)
        #expect(report.maxScore == 10)
        #expect(report.methods.count == exercise.quantities.count)
        for method in report.methods {
            #expect(method.status == .notImplemented, "\(method.name): \(method.message)")
            #expect(method.score == 0 && method.casesPassed == 0)
            #expect(method.message.contains("backward is not implemented"), "\(method.message)")
        }
    }

    @Test("MethodResult.score is points × passed / total, rounded to 1/1000")
    func scoreArithmetic() {
        #expect(MethodResult.score(maxScore: 5, passed: 12, total: 12) == 5)
        #expect(MethodResult.score(maxScore: 5, passed: 0, total: 12) == 0)
        #expect(MethodResult.score(maxScore: 5, passed: 6, total: 12) == 2.5)
        #expect(MethodResult.score(maxScore: 4, passed: 3, total: 13) == 0.923)  // 0.923076…
        #expect(MethodResult.score(maxScore: 3, passed: 12, total: 13) == 2.769)  // 2.769230…
        #expect(MethodResult.score(maxScore: 3, passed: 1, total: 3) == 1)
        #expect(MethodResult.score(maxScore: 10, passed: 2, total: 3) == 6.667)  // rounds half up
        #expect(MethodResult.score(maxScore: 5, passed: 0, total: 0) == 0)
        #expect(MethodResult.score(maxScore: 0, passed: 3, total: 3) == 0)
    }
}
