// Tests of the mistake catalog (issue 5): synthetic wrong outputs for every entry, outputs that must
// get no hint (random values, a mix of two mistakes, odd shapes), and end-to-end grading of the
// mistake-* and diagnosis-* fixtures and of correct submissions through the real compiler and worker.

import ExerciseKit
import Foundation
import GraderCore
import TestSupport
import Testing

// MARK: - Helpers

/// The shipped configuration's seed, so the synthetic cases are the ones students see.
private let seed: UInt64 = 20_261_121

/// The cases of a class, with their reference outputs.
private func casesWithOutputs(_ gradedClass: GradedClass) -> [(TestCase, [Tensor])] {
    CaseGenerator(seed: seed).cases(for: gradedClass).map { ($0, $0.expectedOutputs) }
}

/// The failing cases of `quantity` when the student's output is `make(case, reference outputs)`:
/// exactly what ``Grader`` hands to the catalog (only cases that fail the comparison).
private func failingCases(
    _ quantity: ScoredQuantity, tolerance: Tolerance = .standard, _ make: (TestCase, [Tensor]) -> Tensor?
) -> [FailingCase] {
    casesWithOutputs(quantity.gradedClass).compactMap { testCase, outputs in
        let actual = make(testCase, outputs)
        guard
            Comparison.check(
                actual: actual, expected: outputs[quantity.outputIndex], testCase: testCase, quantity: quantity,
                tolerance: tolerance) != nil
        else { return nil }
        return FailingCase(testCase: testCase, expected: outputs, actual: actual)
    }
}

/// The labels of a softmax case as integers.
private func labels(_ testCase: TestCase) -> [Int] {
    testCase.inputs[1].scalars.map { Int($0) }
}

/// The one-hot matrix of `labels` for `classes` classes.
private func oneHot(_ labels: [Int], classes: Int) -> Tensor {
    var result = Tensor.zeros([labels.count, classes])
    for (row, label) in labels.enumerated() { result[row, label] = 1 }
    return result
}

/// The numerically stable softmax of each row.
private func softmax(_ x: Tensor) -> Tensor {
    let e = exp(x - x.max(alongAxis: 1, keepingDimension: true))
    return e / e.sum(alongAxis: 1, keepingDimension: true)
}

/// The sigmoid, element-wise.
private func sigmoid(_ x: Tensor) -> Tensor {
    1.0 / (1.0 + exp(-x))
}

/// `tensor` with the elements at the given flat offsets replaced.
private func replacing(_ tensor: Tensor, where condition: (Int) -> Bool, with value: (Int) -> Double) -> Tensor {
    let scalars = tensor.scalars.indices.map { condition($0) ? value($0) : tensor.scalars[$0] }
    return Tensor(shape: tensor.shape, scalars: scalars)
}

/// A deterministic stream of values for "random" wrong outputs.
private struct Noise {
    var state: UInt64

    mutating func next() -> Double {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Double(z >> 11) * 0x1.0p-53 * 4 - 2
    }

    mutating func tensor(_ shape: [Int]) -> Tensor {
        Tensor(shape: shape, scalars: (0..<shape.reduce(1, *)).map { _ in next() })
    }
}

/// One synthetic mistake: how a student's wrong output is made from a case, and the entry it shows.
struct SyntheticMistake: Sendable, CustomTestStringConvertible {
    /// The catalog entry expected to be named.
    var id: Mistake.ID
    /// What the variant is, for the test's name.
    var variant: String
    /// The quantity it concerns.
    var quantity: ScoredQuantity
    /// Text the hint must contain besides the headline (e.g. where the errors are), if any.
    var mentions: [String] = []
    /// The wrong output of a case, given the case and its reference outputs.
    var make: @Sendable (TestCase, [Tensor]) -> Tensor

    var testDescription: String { "\(id) (\(variant))" }
}

/// Synthetic wrong outputs: at least one for every catalog entry.
private let syntheticMistakes: [SyntheticMistake] = [
    // FullyConnected: inputs W, b, x, dout.
    SyntheticMistake(id: "fc.dW-transposed", variant: "doutᵀ·x", quantity: .fullyConnectedDW) { c, _ in
        c.inputs[3].transposed().matmul(c.inputs[2].flattenedBatch())
    },
    SyntheticMistake(
        id: "fc.dx-not-reshaped", variant: "dout·Wᵀ kept (B, D_in)", quantity: .fullyConnectedBackward
    ) { c, _ in
        c.inputs[3].matmul(c.inputs[0].transposed())
    },
    SyntheticMistake(id: "fc.dx-uses-W", variant: "W·doutᵀ reshaped", quantity: .fullyConnectedBackward) { c, _ in
        c.inputs[0].matmul(c.inputs[3].transposed()).reshaped(c.inputs[2].shape)
    },
    SyntheticMistake(id: "fc.dx-uses-W", variant: "W·doutᵀ not reshaped", quantity: .fullyConnectedBackward) { c, _ in
        c.inputs[0].matmul(c.inputs[3].transposed())
    },
    SyntheticMistake(
        id: "fc.dx-uses-W", variant: "dout·W on square W", quantity: .fullyConnectedBackward
    ) { c, outputs in
        let (W, dout) = (c.inputs[0], c.inputs[3])
        // Where W is not square dout·W cannot be computed: those cases are left right.
        return W.shape[0] == W.shape[1] ? dout.matmul(W).reshaped(c.inputs[2].shape) : outputs[0]
    },
    SyntheticMistake(id: "fc.db-mean", variant: "mean over the batch", quantity: .fullyConnectedDB) { c, _ in
        c.inputs[3].mean(alongAxis: 0)
    },
    SyntheticMistake(id: "fc.db-wrong-axis", variant: "sum over axis 1", quantity: .fullyConnectedDB) { c, _ in
        c.inputs[3].sum(alongAxis: 1)
    },
    SyntheticMistake(id: "fc.db-wrong-axis", variant: "sum over axis 1 kept", quantity: .fullyConnectedDB) { c, _ in
        c.inputs[3].sum(alongAxis: 1, keepingDimension: true)
    },
    SyntheticMistake(id: "fc.db-scalar", variant: "shape [1]", quantity: .fullyConnectedDB) { c, _ in
        Tensor([c.inputs[3].sum()])
    },
    SyntheticMistake(id: "fc.db-scalar", variant: "shape []", quantity: .fullyConnectedDB) { c, _ in
        Tensor(shape: [], scalars: [c.inputs[3].sum()])
    },
    // Sigmoid and ReLU: inputs x, dout.
    SyntheticMistake(id: "sigmoid.derivative-of-input", variant: "dout·(1 - x)·x", quantity: .sigmoidBackward) { c, _ in
        c.inputs[1] * (1.0 - c.inputs[0]) * c.inputs[0]
    },
    SyntheticMistake(id: "sigmoid.derivative-of-input", variant: "x·(1 - x)·dout", quantity: .sigmoidBackward) { c, _ in
        c.inputs[0] * (1.0 - c.inputs[0]) * c.inputs[1]
    },
    SyntheticMistake(id: "sigmoid.sigmoid-of-output", variant: "σ(y)", quantity: .sigmoidBackward) { c, _ in
        let s = sigmoid(sigmoid(c.inputs[0]))
        return c.inputs[1] * (1.0 - s) * s
    },
    SyntheticMistake(id: "sigmoid.missing-dout", variant: "(1 - y)·y", quantity: .sigmoidBackward) { c, _ in
        let y = sigmoid(c.inputs[0])
        return (1.0 - y) * y
    },
    SyntheticMistake(id: "relu.mask-strict", variant: "mask x < 0", quantity: .reluBackward) { c, _ in
        c.inputs[0].zipMap(c.inputs[1]) { $0 < 0 ? 0 : $1 }
    },
    SyntheticMistake(id: "relu.inverted-mask", variant: "dout where x <= 0", quantity: .reluBackward) { c, _ in
        c.inputs[0].zipMap(c.inputs[1]) { $0 <= 0 ? $1 : 0 }
    },
    SyntheticMistake(id: "relu.inverted-mask", variant: "dout where x < 0", quantity: .reluBackward) { c, _ in
        c.inputs[0].zipMap(c.inputs[1]) { $0 < 0 ? $1 : 0 }
    },
    SyntheticMistake(id: "relu.mask-from-dout", variant: "dout where dout > 0", quantity: .reluBackward) { c, _ in
        c.inputs[1].map { $0 > 0 ? $0 : 0 }
    },
    SyntheticMistake(id: "relu.no-mask", variant: "dout", quantity: .reluBackward) { c, _ in
        c.inputs[1]
    },
    // SoftmaxWithLoss: inputs x, t.
    SyntheticMistake(
        id: "softmax.no-batch-division", variant: "y - onehot", quantity: .softmaxWithLossBackward
    ) { c, _ in
        let x = c.inputs[0]
        return softmax(x) - oneHot(labels(c), classes: x.shape[1])
    },
    SyntheticMistake(
        id: "softmax.batch-times-classes", variant: "/ (B·C)", quantity: .softmaxWithLossBackward
    ) { c, _ in
        let x = c.inputs[0]
        return (softmax(x) - oneHot(labels(c), classes: x.shape[1])) / Double(x.shape[0] * x.shape[1])
    },
    SyntheticMistake(id: "softmax.no-onehot", variant: "y / B", quantity: .softmaxWithLossBackward) { c, _ in
        softmax(c.inputs[0]) / Double(c.inputs[0].shape[0])
    },
    SyntheticMistake(
        id: "softmax.onehot-wrong-index", variant: "column t + 1", quantity: .softmaxWithLossBackward
    ) { c, _ in
        let x = c.inputs[0]
        let shifted = labels(c).map { ($0 + 1) % x.shape[1] }
        return (softmax(x) - oneHot(shifted, classes: x.shape[1])) / Double(x.shape[0])
    },
    SyntheticMistake(
        id: "softmax.onehot-wrong-index", variant: "predicted class", quantity: .softmaxWithLossBackward
    ) { c, _ in
        let x = c.inputs[0]
        let y = softmax(x)
        return (y - oneHot(y.argmax(alongAxis: 1), classes: x.shape[1])) / Double(x.shape[0])
    },
    SyntheticMistake(
        id: "softmax.unstable", variant: "no max subtraction", quantity: .softmaxWithLossBackward,
        mentions: ["large-logits"]
    ) { c, _ in
        let x = c.inputs[0]
        let e = exp(x)
        let y = e / e.sum(alongAxis: 1, keepingDimension: true)
        return (y - oneHot(labels(c), classes: x.shape[1])) / Double(x.shape[0])
    },
    // MeanSquaredError: inputs y, t.
    SyntheticMistake(id: "mse.sign-flipped", variant: "t - y", quantity: .meanSquaredErrorBackward) { c, _ in
        c.inputs[1] - c.inputs[0]
    },
    SyntheticMistake(id: "mse.batch-division", variant: "(y - t) / B", quantity: .meanSquaredErrorBackward) { c, _ in
        (c.inputs[0] - c.inputs[1]) / Double(c.inputs[0].shape[0])
    },
    SyntheticMistake(
        id: "mse.element-count-division", variant: "(y - t) / N", quantity: .meanSquaredErrorBackward
    ) { c, _ in
        (c.inputs[0] - c.inputs[1]) / Double(c.inputs[0].scalarCount)
    },
    // Generic relations, on quantities whose own entries do not claim them.
    SyntheticMistake(
        id: "generic.transposed", variant: "Sigmoid gradient transposed", quantity: .sigmoidBackward
    ) { _, outputs in
        outputs[0].transposed()
    },
    SyntheticMistake(
        id: "generic.wrong-shape", variant: "MSE gradient flattened", quantity: .meanSquaredErrorBackward
    ) { _, outputs in
        outputs[0].reshaped([-1])
    },
    SyntheticMistake(
        id: "generic.times-batch", variant: "Sigmoid gradient × B", quantity: .sigmoidBackward
    ) { c, outputs in
        outputs[0] * Double(c.inputs[0].shape[0])
    },
    SyntheticMistake(id: "generic.divided-by-batch", variant: "dW / B", quantity: .fullyConnectedDW) { c, outputs in
        outputs[1] / Double(c.inputs[2].shape[0])
    },
    SyntheticMistake(id: "generic.doubled", variant: "ReLU gradient × 2", quantity: .reluBackward) { _, outputs in
        outputs[0] * 2
    },
    SyntheticMistake(
        id: "generic.halved", variant: "MSE gradient × 0.5", quantity: .meanSquaredErrorBackward
    ) { _, outputs in
        outputs[0] * 0.5
    },
    SyntheticMistake(
        id: "generic.negated", variant: "softmax gradient × -1", quantity: .softmaxWithLossBackward
    ) { _, outputs in
        -outputs[0]
    },
    SyntheticMistake(id: "generic.negated", variant: "dx × -1", quantity: .fullyConnectedBackward) { _, outputs in
        -outputs[0]
    },
    SyntheticMistake(
        id: "generic.non-finite", variant: "NaN on the saturated case", quantity: .sigmoidBackward,
        mentions: ["only on the edge case saturated"]
    ) { c, outputs in
        c.kind == "saturated" ? replacing(outputs[0], where: { $0 % 7 == 0 }, with: { _ in .nan }) : outputs[0]
    },
    SyntheticMistake(
        id: "generic.non-finite", variant: "NaN where x is 0", quantity: .reluBackward,
        mentions: ["exactly where the input x is 0"]
    ) { c, outputs in
        replacing(outputs[0], where: { c.inputs[0].scalars[$0] == 0 }, with: { _ in .nan })
    },
    SyntheticMistake(
        id: "generic.wrong-at-zero-input", variant: "ReLU slope 0.5 at 0", quantity: .reluBackward
    ) { c, outputs in
        replacing(outputs[0], where: { c.inputs[0].scalars[$0] == 0 }, with: { 0.5 * c.inputs[1].scalars[$0] })
    },
    SyntheticMistake(
        id: "generic.some-rows", variant: "softmax last row without target", quantity: .softmaxWithLossBackward,
        mentions: ["the last row"]
    ) { c, outputs in
        let x = c.inputs[0]
        let last = (x.shape[0] - 1) * x.shape[1]
        let y = softmax(x) / Double(x.shape[0])
        return replacing(outputs[0], where: { $0 >= last }, with: { y.scalars[$0] })
    },
    SyntheticMistake(
        id: "generic.some-rows", variant: "Sigmoid first row zero", quantity: .sigmoidBackward,
        mentions: ["the first row"]
    ) { _, outputs in
        replacing(outputs[0], where: { $0 < outputs[0].shape[1] }, with: { _ in 0 })
    },
    SyntheticMistake(
        id: "generic.some-rows", variant: "MSE row 1 doubled", quantity: .meanSquaredErrorBackward,
        mentions: ["row 1 of every failing case"]
    ) { _, outputs in
        let width = outputs[0].shape[1]
        return replacing(outputs[0], where: { $0 / width == 1 }, with: { 2 * outputs[0].scalars[$0] })
    },
    SyntheticMistake(
        id: "generic.some-columns", variant: "Sigmoid last column zero", quantity: .sigmoidBackward,
        mentions: ["the last column"]
    ) { _, outputs in
        let width = outputs[0].shape[1]
        return replacing(outputs[0], where: { $0 % width == width - 1 }, with: { _ in 0 })
    },
    SyntheticMistake(
        id: "generic.some-columns", variant: "db last entry zero", quantity: .fullyConnectedDB,
        mentions: ["the last column"]
    ) { _, outputs in
        replacing(outputs[2], where: { $0 == outputs[2].scalarCount - 1 }, with: { _ in 0 })
    },
]

// MARK: - Unit tests

@Suite("Mistake catalog: synthetic outputs")
struct MistakeCatalogTests {
    @Test("every synthetic mistake is named by its entry, on every failing case", arguments: syntheticMistakes)
    func namesSyntheticMistake(_ synthetic: SyntheticMistake) throws {
        let quantity = synthetic.quantity
        let failing = failingCases(quantity) { synthetic.make($0, $1) }
        try #require(!failing.isEmpty, "the synthetic output should fail some case")

        let mistake = try #require(MistakeCatalog.diagnose(quantity, failing: failing, tolerance: .standard))
        #expect(mistake.id == synthetic.id)
        #expect(mistake.matchesEvery(failing, quantity: quantity, tolerance: .standard))
        for item in failing {
            #expect(mistake.matches(item, quantity: quantity, tolerance: .standard), "case \(item.testCase.label)")
        }

        let hint = try #require(MistakeCatalog.hint(for: quantity, failing: failing, tolerance: .standard))
        #expect(hint.hasPrefix(mistake.headline(for: quantity) + ": "))
        #expect(hint == mistake.hint(for: quantity, failing: failing, tolerance: .standard))
        #expect(MistakeCatalog.mistake(forHint: hint, quantity: quantity)?.id == synthetic.id)
        for text in synthetic.mentions {
            #expect(hint.contains(text), "\(hint)")
        }
    }

    @Test("every catalog entry has a synthetic mistake here")
    func everyEntryIsCovered() {
        let covered = Set(syntheticMistakes.map(\.id))
        let missing = MistakeCatalog.entries.map(\.id).filter { !covered.contains($0) }
        #expect(missing.isEmpty, "no synthetic output for \(missing)")
    }

    @Test("identifiers are unique and every entry applies to some quantity")
    func identifiersAreUnique() {
        let ids = MistakeCatalog.entries.map(\.id)
        #expect(Set(ids).count == ids.count)
        for entry in MistakeCatalog.entries {
            #expect(entry.quantities.map { !$0.isEmpty } ?? true, "\(entry.id)")
            #expect(MistakeCatalog.entry(entry.id)?.id == entry.id)
        }
        #expect(MistakeCatalog.entry("no.such-mistake") == nil)
    }

    @Test("a hint is traced back to exactly one entry", arguments: ScoredQuantity.allCases)
    func headlinesAreDistinct(_ quantity: ScoredQuantity) {
        let entries = MistakeCatalog.entries(for: quantity)
        #expect(!entries.isEmpty)
        for entry in entries {
            let headline = entry.headline(for: quantity) + ":"
            let claimants = entries.filter { headline.hasPrefix($0.headline(for: quantity) + ":") }
            #expect(claimants.map(\.id) == [entry.id], "\(headline)")
            #expect(headline.hasPrefix("Your "), "\(headline)")
        }
        #expect(MistakeCatalog.mistake(forHint: "Something else entirely: nothing.", quantity: quantity) == nil)
    }

    @Test("hints are short and addressed to the student")
    func hintsAreShort() {
        for synthetic in syntheticMistakes {
            let failing = failingCases(synthetic.quantity) { synthetic.make($0, $1) }
            guard let hint = MistakeCatalog.hint(for: synthetic.quantity, failing: failing, tolerance: .standard) else {
                Issue.record("no hint for \(synthetic.testDescription)")
                continue
            }
            #expect(hint.hasPrefix("Your "))
            #expect(hint.hasSuffix("."))
            #expect(hint.count <= 320, "\(hint.count) characters: \(hint)")
        }
    }

    @Test("the softmax batch-size hint names the fix")
    func softmaxBatchHintText() throws {
        let failing = failingCases(.softmaxWithLossBackward) { c, outputs in outputs[0] * Double(c.inputs[0].shape[0]) }
        let hint = try #require(
            MistakeCatalog.hint(for: .softmaxWithLossBackward, failing: failing, tolerance: .standard))
        #expect(hint.contains("not divided by the batch size B"))
        #expect(hint.contains("divide (y - onehot(t)) by B"))
    }

    @Test("random wrong values get no hint", arguments: ScoredQuantity.allCases)
    func randomValuesGetNoHint(_ quantity: ScoredQuantity) {
        var noise = Noise(state: 7 &+ UInt64(quantity.outputIndex))
        let sameShape = failingCases(quantity) { _, outputs in noise.tensor(outputs[quantity.outputIndex].shape) }
        #expect(!sameShape.isEmpty)
        #expect(MistakeCatalog.hint(for: quantity, failing: sameShape, tolerance: .standard) == nil)
        #expect(MistakeCatalog.diagnose(quantity, failing: sameShape, tolerance: .standard) == nil)

        let otherShape = failingCases(quantity) { _, outputs in
            noise.tensor([outputs[quantity.outputIndex].scalarCount + 1])
        }
        #expect(MistakeCatalog.hint(for: quantity, failing: otherShape, tolerance: .standard) == nil)
    }

    @Test("mistakes the catalog does not know get no hint rather than a guess")
    func unknownMistakesGetNoHint() {
        let unknown: [(String, ScoredQuantity, (TestCase, [Tensor]) -> Tensor)] = [
            ("Sigmoid dout·y", .sigmoidBackward, { c, _ in c.inputs[1] * sigmoid(c.inputs[0]) }),
            (
                "ReLU dout·x where x > 0", .reluBackward,
                { c, _ in
                    c.inputs[0].zipMap(c.inputs[1]) { $0 > 0 ? $0 * $1 : 0 }
                }
            ),
            (
                "softmax divided by C instead of B", .softmaxWithLossBackward,
                { c, _ in
                    let x = c.inputs[0]
                    return (softmax(x) - oneHot(labels(c), classes: x.shape[1])) / Double(x.shape[1])
                }
            ),
            (
                "MSE (y - t)²", .meanSquaredErrorBackward,
                { c, _ in
                    (c.inputs[0] - c.inputs[1]) * (c.inputs[0] - c.inputs[1])
                }
            ),
            ("dW plus W", .fullyConnectedDW, { c, outputs in outputs[1] + c.inputs[0] }),
            ("db plus b", .fullyConnectedDB, { c, outputs in outputs[2] + c.inputs[1] }),
        ]
        for (name, quantity, make) in unknown {
            let failing = failingCases(quantity) { make($0, $1) }
            #expect(!failing.isEmpty, "\(name)")
            let hint = MistakeCatalog.hint(for: quantity, failing: failing, tolerance: .standard)
            #expect(hint == nil, "\(name): \(hint ?? "")")
        }
    }

    @Test("a mix of two different mistakes gets no hint")
    func mixedMistakesGetNoHint() {
        func alternate(_ quantity: ScoredQuantity, _ first: Mistake.ID, _ second: Mistake.ID) -> [FailingCase] {
            let a = failingCases(quantity) { c, o in syntheticMistakes.first { $0.id == first }?.make(c, o) }
            let b = failingCases(quantity) { c, o in syntheticMistakes.first { $0.id == second }?.make(c, o) }
            // Even-indexed cases show one mistake, odd-indexed ones the other.
            let evens = a.filter { $0.testCase.index % 2 == 0 }
            let odds = b.filter { $0.testCase.index % 2 == 1 }
            return (evens + odds).sorted { $0.testCase.index < $1.testCase.index }
        }
        let mixes: [(ScoredQuantity, Mistake.ID, Mistake.ID)] = [
            (.softmaxWithLossBackward, "softmax.no-batch-division", "softmax.no-onehot"),
            (.fullyConnectedDB, "fc.db-mean", "fc.db-wrong-axis"),
            (.meanSquaredErrorBackward, "mse.sign-flipped", "generic.halved"),
            (.sigmoidBackward, "sigmoid.derivative-of-input", "sigmoid.missing-dout"),
            (.reluBackward, "relu.inverted-mask", "relu.mask-from-dout"),
            (.fullyConnectedDW, "fc.dW-transposed", "generic.divided-by-batch"),
        ]
        for (quantity, first, second) in mixes {
            let failing = alternate(quantity, first, second)
            #expect(Set(failing.map { $0.testCase.index % 2 }).count == 2, "\(first) + \(second) should both fail")
            #expect(
                MistakeCatalog.hint(for: quantity, failing: failing, tolerance: .standard) == nil,
                "\(first) + \(second)")
        }
    }

    @Test("no failing case, or a case without an output, gets no hint")
    func nothingToDiagnose() {
        #expect(MistakeCatalog.hint(for: .reluBackward, failing: [], tolerance: .standard) == nil)
        let missing = failingCases(.fullyConnectedDW) { _, _ in nil }
        #expect(!missing.isEmpty)
        #expect(MistakeCatalog.hint(for: .fullyConnectedDW, failing: missing, tolerance: .standard) == nil)
        // One case without an output among cases that show a known mistake: no hint either.
        var mixed = failingCases(.fullyConnectedDB) { c, _ in c.inputs[3].mean(alongAxis: 0) }
        mixed[0].actual = nil
        #expect(MistakeCatalog.hint(for: .fullyConnectedDB, failing: mixed, tolerance: .standard) == nil)
    }

    @Test("a case of another class is not diagnosed")
    func wrongClassGetsNoHint() {
        let failing = failingCases(.meanSquaredErrorBackward) { c, _ in c.inputs[1] - c.inputs[0] }
        #expect(MistakeCatalog.hint(for: .sigmoidBackward, failing: failing, tolerance: .standard) == nil)
        let entry = MistakeCatalog.entry("mse.sign-flipped")
        #expect(entry?.matchesEvery(failing, quantity: .meanSquaredErrorBackward, tolerance: .standard) == true)
        #expect(entry?.matchesEvery(failing, quantity: .sigmoidBackward, tolerance: .standard) == false)
    }

    @Test("odd output shapes never trap and get no hint", arguments: ScoredQuantity.allCases)
    func oddShapesAreSafe(_ quantity: ScoredQuantity) {
        let shapes: [[Int]] = [[], [0], [1], [5], [0, 3], [1, 1], [2, 0, 4], [3, 1, 1, 2], [129, 2]]
        var noise = Noise(state: 99)
        for shape in shapes {
            let failing = failingCases(quantity) { _, _ in noise.tensor(shape) }
            #expect(MistakeCatalog.hint(for: quantity, failing: failing, tolerance: .standard) == nil, "\(shape)")
            for entry in MistakeCatalog.entries {
                for item in failing.prefix(3) {
                    _ = entry.matches(item, quantity: quantity, tolerance: .standard)
                }
            }
        }
    }

    @Test("inputs that do not fit the class are not diagnosed, and do not trap")
    func inconsistentInputsAreSafe() {
        let real = failingCases(.fullyConnectedDB) { c, _ in c.inputs[3].mean(alongAxis: 0) }
        let broken = real.map { item -> FailingCase in
            var copy = item
            copy.testCase.inputs = [Tensor([1, 2, 3]), Tensor([[1]]), Tensor(shape: [], scalars: [4])]
            return copy
        }
        #expect(MistakeCatalog.hint(for: .fullyConnectedDB, failing: broken, tolerance: .standard) == nil)
        let softmaxTimesBatch = failingCases(.softmaxWithLossBackward) { c, outputs in
            outputs[0] * Double(c.inputs[0].shape[0])
        }
        let badLabels = softmaxTimesBatch.map { item -> FailingCase in
            var copy = item
            copy.testCase.inputs[1] = copy.testCase.inputs[1].map { $0 + 0.5 }
            return copy
        }
        let softmaxEntries = MistakeCatalog.entries(for: .softmaxWithLossBackward)
        for entry in softmaxEntries where entry.id.rawValue.hasPrefix("softmax.") {
            let matched = entry.matchesEvery(badLabels, quantity: .softmaxWithLossBackward, tolerance: .standard)
            #expect(!matched, "\(entry.id)")
        }
    }

    @Test("the tolerance passed in decides what matches")
    func toleranceIsHonoured() throws {
        // db averaged, then off by 1e-3 everywhere: within a loose tolerance it is still "the mean".
        let make: (TestCase, [Tensor]) -> Tensor? = { c, _ in c.inputs[3].mean(alongAxis: 0) + 1e-3 }
        let strict = failingCases(.fullyConnectedDB, make)
        #expect(MistakeCatalog.diagnose(.fullyConnectedDB, failing: strict, tolerance: .standard) == nil)
        let loose = Tolerance(absolute: 1e-2)
        let looseFailing = failingCases(.fullyConnectedDB, tolerance: loose, make)
        try #require(!looseFailing.isEmpty)
        #expect(MistakeCatalog.diagnose(.fullyConnectedDB, failing: looseFailing, tolerance: loose)?.id == "fc.db-mean")
    }
}

// MARK: - End to end

/// A fixture folder and the hint its grading must produce.
struct FixtureDiagnosis: Sendable, CustomTestStringConvertible {
    /// The folder under `Tests/Fixtures/submissions`.
    var folder: String
    /// The quantity that fails and carries the hint.
    var quantity: ScoredQuantity
    /// The mistake the hint must name.
    var id: Mistake.ID
    /// Text the hint must contain besides the headline, if any.
    var mentions: [String]

    init(_ folder: String, _ quantity: ScoredQuantity, _ id: Mistake.ID, mentions: [String] = []) {
        self.folder = folder
        self.quantity = quantity
        self.id = id
        self.mentions = mentions
    }

    /// The exercise the fixture's file belongs to.
    var exercise: ExerciseID { quantity.gradedClass.exercise }

    var testDescription: String { "\(folder) → \(quantity.rawValue): \(id)" }
}

private let fixtureDiagnoses: [FixtureDiagnosis] = [
    FixtureDiagnosis("mistake-fc-dw-transposed", .fullyConnectedDW, "fc.dW-transposed"),
    FixtureDiagnosis("mistake-fc-dx-not-reshaped", .fullyConnectedBackward, "fc.dx-not-reshaped"),
    FixtureDiagnosis("mistake-fc-dx-uses-W", .fullyConnectedBackward, "fc.dx-uses-W"),
    FixtureDiagnosis("mistake-fc-db-mean", .fullyConnectedDB, "fc.db-mean"),
    FixtureDiagnosis("mistake-fc-db-wrong-axis", .fullyConnectedDB, "fc.db-wrong-axis"),
    FixtureDiagnosis("mistake-sigmoid-from-x", .sigmoidBackward, "sigmoid.derivative-of-input"),
    FixtureDiagnosis("mistake-sigmoid-no-dout", .sigmoidBackward, "sigmoid.missing-dout"),
    FixtureDiagnosis("mistake-relu-mask-strict", .reluBackward, "relu.mask-strict"),
    FixtureDiagnosis("mistake-relu-inverted-mask", .reluBackward, "relu.inverted-mask"),
    FixtureDiagnosis("mistake-relu-mask-from-dout", .reluBackward, "relu.mask-from-dout"),
    FixtureDiagnosis("mistake-softmax-no-batch-division", .softmaxWithLossBackward, "softmax.no-batch-division"),
    FixtureDiagnosis("mistake-softmax-batch-times-classes", .softmaxWithLossBackward, "softmax.batch-times-classes"),
    FixtureDiagnosis("mistake-softmax-no-onehot", .softmaxWithLossBackward, "softmax.no-onehot"),
    FixtureDiagnosis(
        "mistake-softmax-unstable", .softmaxWithLossBackward, "softmax.unstable", mentions: ["large-logits"]),
    FixtureDiagnosis("mistake-mse-sign", .meanSquaredErrorBackward, "mse.sign-flipped"),
    FixtureDiagnosis("mistake-mse-batch-division", .meanSquaredErrorBackward, "mse.batch-division"),
    FixtureDiagnosis("diagnosis-fc-db-scalar", .fullyConnectedDB, "fc.db-scalar"),
    FixtureDiagnosis("diagnosis-fc-dw-batch-mean", .fullyConnectedDW, "generic.divided-by-batch"),
    FixtureDiagnosis("diagnosis-sigmoid-twice", .sigmoidBackward, "sigmoid.sigmoid-of-output"),
    FixtureDiagnosis(
        "diagnosis-sigmoid-last-column", .sigmoidBackward, "generic.some-columns", mentions: ["the last column"]),
    FixtureDiagnosis("diagnosis-relu-no-mask", .reluBackward, "relu.no-mask"),
    FixtureDiagnosis("diagnosis-relu-half-at-zero", .reluBackward, "generic.wrong-at-zero-input"),
    FixtureDiagnosis(
        "diagnosis-relu-divide-by-x", .reluBackward, "generic.non-finite",
        mentions: ["exactly where the input x is 0"]),
    FixtureDiagnosis("diagnosis-softmax-sign", .softmaxWithLossBackward, "generic.negated"),
    FixtureDiagnosis("diagnosis-softmax-predicted-class", .softmaxWithLossBackward, "softmax.onehot-wrong-index"),
    FixtureDiagnosis(
        "diagnosis-softmax-last-row", .softmaxWithLossBackward, "generic.some-rows", mentions: ["the last row"]),
    FixtureDiagnosis("diagnosis-mse-doubled", .meanSquaredErrorBackward, "generic.doubled"),
    FixtureDiagnosis("diagnosis-mse-halved", .meanSquaredErrorBackward, "generic.halved"),
    FixtureDiagnosis("diagnosis-mse-mean", .meanSquaredErrorBackward, "mse.element-count-division"),
    FixtureDiagnosis("diagnosis-mse-flat", .meanSquaredErrorBackward, "generic.wrong-shape"),
]

/// Correct submissions: no hint anywhere.
private let correctSubmissions: [String] = [
    TestEnvironment.fixture("style-loops"), TestEnvironment.fixture("style-recompute"),
    TestEnvironment.fixture("style-extra-members"), TestEnvironment.example("alice"), TestEnvironment.example("bob"),
]

@Suite("Mistake catalog: grading fixtures end to end", .serialized)
struct MistakeCatalogTestsEndToEnd {
    @Test("every mistake-* and diagnosis-* fixture folder is listed")
    func everyFixtureIsListed() throws {
        let root = TestEnvironment.packageRoot + "/Tests/Fixtures/submissions"
        let folders = try FileManager.default.contentsOfDirectory(atPath: root)
            .filter { $0.hasPrefix("mistake-") || $0.hasPrefix("diagnosis-") }
        let listed = Set(fixtureDiagnoses.map(\.folder))
        #expect(Set(folders) == listed)
    }

    @Test("the failing quantity carries its hint and the others pass without one", arguments: fixtureDiagnoses)
    func fixtureGetsItsHint(_ fixture: FixtureDiagnosis) throws {
        let grader = try TestEnvironment.sharedGrader()
        let report = try grader.grade(path: TestEnvironment.fixture(fixture.folder), exercise: fixture.exercise)
        #expect(report.methods.map(\.name.rawValue) == fixture.exercise.quantities.map(\.rawValue))
        for method in report.methods {
            if method.name == fixture.quantity {
                #expect(method.status != .passed, "\(method.message)")
                #expect(method.casesPassed < method.casesTotal)
                let hint = try #require(method.hint, "no hint: \(method.status) \(method.message)")
                #expect(MistakeCatalog.mistake(forHint: hint, quantity: fixture.quantity)?.id == fixture.id, "\(hint)")
                for text in fixture.mentions {
                    #expect(hint.contains(text), "\(hint)")
                }
            } else {
                #expect(method.status == .passed, "\(method.name): \(method.message)")
                #expect(method.hint == nil, "\(method.name): \(method.hint ?? "")")
            }
        }
    }

    @Test("correct submissions get no hint anywhere", arguments: correctSubmissions, ExerciseID.allCases)
    func correctSubmissionGetsNoHint(_ path: String, _ exercise: ExerciseID) throws {
        let grader = try TestEnvironment.sharedGrader()
        let report = try grader.grade(path: path, exercise: exercise)
        #expect(!report.methods.isEmpty)
        for method in report.methods {
            #expect(method.status == .passed, "\(method.name): \(method.message)")
            #expect(method.hint == nil, "\(method.name): \(method.hint ?? "")")
        }
    }
}
