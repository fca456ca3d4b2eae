// Tests of the reference solutions: the seed samples of SPEC section 3, central finite
// differences on seeded random cases for every scored quantity, forward values and shapes.

import ExerciseKit
import Foundation
import ReferenceSolutions
import Testing

// MARK: - Helpers

/// SplitMix64: a tiny deterministic PRNG, so every run of these tests sees the same cases.
private struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform double in `range`.
    mutating func uniform(_ range: ClosedRange<Double>) -> Double {
        let unit = Double(next() >> 11) / Double(1 << 53)
        return range.lowerBound + (range.upperBound - range.lowerBound) * unit
    }

    /// A uniform integer in `range`.
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.count))
    }

    /// A tensor of the given shape with entries uniform in `range`.
    mutating func tensor(_ shape: [Int], in range: ClosedRange<Double> = -2...2) -> Tensor {
        let count = shape.reduce(1, *)
        return Tensor(shape: shape, scalars: (0..<count).map { _ in uniform(range) })
    }
}

/// Checks that `actual` has the shape of `expected` and every element is within `tolerance`.
private func expectClose(
    _ actual: Tensor?, _ expected: Tensor, tolerance: Double = 1e-8,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    guard let actual else {
        Issue.record("expected a tensor of shape \(expected.shape), got nil", sourceLocation: sourceLocation)
        return
    }
    #expect(actual.shape == expected.shape, sourceLocation: sourceLocation)
    guard actual.shape == expected.shape else { return }
    let worst = zip(actual.scalars, expected.scalars).map { abs($0 - $1) }.max() ?? 0
    #expect(
        worst <= tolerance, "largest error \(worst) in \(actual) vs \(expected)",
        sourceLocation: sourceLocation)
}

/// The central finite-difference gradient of `f` at `point`, one coordinate at a time.
private func numericalGradient(at point: Tensor, step h: Double = 1e-5, _ f: (Tensor) -> Double) -> Tensor {
    var gradient = Tensor.zeros(like: point)
    for index in 0..<point.scalarCount {
        var plus = point
        var minus = point
        plus[flat: index] += h
        minus[flat: index] -= h
        gradient[flat: index] = (f(plus) - f(minus)) / (2 * h)
    }
    return gradient
}

/// The largest element-wise relative error `|a - n| / max(1e-8, |a| + |n|)`.
private func maxRelativeError(_ analytic: Tensor, _ numeric: Tensor) -> Double {
    zip(analytic.scalars, numeric.scalars)
        .map { a, n in abs(a - n) / max(1e-8, abs(a) + abs(n)) }
        .max() ?? 0
}

/// Checks an analytic gradient against a numerical one: same shape, relative error < 1e-6.
private func expectGradient(
    _ analytic: Tensor?, matches numeric: Tensor, _ what: String,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    guard let analytic else {
        Issue.record("\(what): no gradient was stored", sourceLocation: sourceLocation)
        return
    }
    #expect(analytic.shape == numeric.shape, "\(what): shape", sourceLocation: sourceLocation)
    guard analytic.shape == numeric.shape else { return }
    let error = maxRelativeError(analytic, numeric)
    #expect(error < 1e-6, "\(what): relative error \(error)", sourceLocation: sourceLocation)
}

/// The scalar `Σ(out ⊙ G)`, whose gradient with respect to `out` is `G`.
private func weightedSum(_ out: Tensor, _ g: Tensor) -> Double {
    (out * g).sum()
}

/// All the tests of the reference solutions, so `--filter ReferenceSolutionTests` selects them.
@Suite("Reference solutions")
struct ReferenceSolutionTests {}

// MARK: - Seed samples

extension ReferenceSolutionTests {
    @Suite("Seed samples")
    struct SeedSamples {
        @Test("FullyConnected: forward, dx, dW and db of the seed sample")
        func fullyConnected() {
            let layer = FullyConnected(
                W: Tensor([[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]]),
                b: Tensor([0.1, 0.2, 0.3]))
            let out = layer.forward(Tensor([[1, 2], [3, 4]]))
            expectClose(out, Tensor([[1.0, 1.4, 1.8], [2.0, 2.8, 3.6]]))
            let dx = layer.backward(Tensor([[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]]))
            expectClose(dx, Tensor([[0.14, 0.32], [0.32, 0.77]]))
            expectClose(layer.dW, Tensor([[1.3, 1.7, 2.1], [1.8, 2.4, 3.0]]))
            expectClose(layer.db, Tensor([0.5, 0.7, 0.9]))
        }

        @Test("Sigmoid: forward and backward of the seed sample")
        func sigmoid() {
            let layer = Sigmoid()
            let y = layer.forward(Tensor([[-1, 0, 1]]))
            expectClose(y, Tensor([[1 / (1 + exp(1.0)), 0.5, 1 / (1 + exp(-1.0))]]), tolerance: 1e-12)
            expectClose(layer.backward(Tensor([[1, 2, 3]])), Tensor([[0.19661193, 0.5, 0.58983580]]))
        }

        @Test("ReLU: the seed sample, with the gradient 0 at exactly x = 0")
        func relu() {
            let layer = ReLU()
            expectClose(layer.forward(Tensor([[-1, 0, 1]])), Tensor([[0, 0, 1]]), tolerance: 0)
            // The seeds print [0, 2, 3]; their own rule (mask x <= 0) gives [[0, 0, 3]].
            expectClose(layer.backward(Tensor([[1, 2, 3]])), Tensor([[0, 0, 3]]), tolerance: 0)
        }

        @Test("SoftmaxWithLoss: loss and backward of the seed sample")
        func softmaxWithLoss() {
            let layer = SoftmaxWithLoss()
            let loss = layer.forward(Tensor([[-1, 0, 1], [-2, 0, 2]]), [1, 2])
            #expect(abs(loss - 0.7752685344815754) < 1e-8)
            #expect(layer.loss == loss)
            expectClose(
                layer.backward(),
                Tensor([
                    [0.04501529, -0.37763576, 0.33262048],
                    [0.00793812, 0.05865521, -0.06659333],
                ]))
        }

        @Test("MeanSquaredError: loss and backward of the seed sample")
        func meanSquaredError() {
            let layer = MeanSquaredError()
            let y = Tensor([[-1, 0, 1], [-2, 0, 2]])
            let loss = layer.forward(y, Tensor.zeros([2, 3]))
            #expect(abs(loss - 5) < 1e-12)
            expectClose(layer.backward(), y, tolerance: 0)
        }
    }
}

// MARK: - Finite differences

extension ReferenceSolutionTests {
    @Suite("Central finite differences")
    struct FiniteDifferences {
        @Test("FullyConnected: dx, dW and db match finite differences", arguments: [2, 3, 4])
        func fullyConnected(rank: Int) throws {
            var rng = SplitMix64(seed: 0xFC00 + UInt64(rank))
            for _ in 0..<3 {
                let batch = rng.int(1...4)
                let featureShape = (0..<(rank - 1)).map { _ in rng.int(1...3) }
                let inputShape = [batch] + featureShape
                let dIn = featureShape.reduce(1, *)
                let dOut = rng.int(1...5)
                let x = rng.tensor(inputShape)
                let w = rng.tensor([dIn, dOut])
                let b = rng.tensor([dOut])
                let g = rng.tensor([batch, dOut])

                let layer = FullyConnected(W: w, b: b)
                let out = layer.forward(x)
                try #require(out.shape == [batch, dOut])
                let dx = layer.backward(g)
                #expect(dx.shape == inputShape, "dx must have the original input shape")

                let numericDx = numericalGradient(at: x) {
                    weightedSum(FullyConnected(W: w, b: b).forward($0), g)
                }
                let numericDW = numericalGradient(at: w) {
                    weightedSum(FullyConnected(W: $0, b: b).forward(x), g)
                }
                let numericDb = numericalGradient(at: b) {
                    weightedSum(FullyConnected(W: w, b: $0).forward(x), g)
                }
                expectGradient(dx, matches: numericDx, "dx for x of shape \(inputShape)")
                expectGradient(layer.dW, matches: numericDW, "dW for x of shape \(inputShape)")
                expectGradient(layer.db, matches: numericDb, "db for x of shape \(inputShape)")
            }
        }

        @Test("Sigmoid: backward matches finite differences")
        func sigmoid() {
            var rng = SplitMix64(seed: 0x51)
            for _ in 0..<4 {
                let shape = [rng.int(1...4), rng.int(1...6)]
                let x = rng.tensor(shape, in: -4...4)
                let g = rng.tensor(shape)
                let layer = Sigmoid()
                _ = layer.forward(x)
                let dx = layer.backward(g)
                let numeric = numericalGradient(at: x) { weightedSum(Sigmoid().forward($0), g) }
                expectGradient(dx, matches: numeric, "Sigmoid dx for shape \(shape)")
            }
        }

        @Test("ReLU: backward matches finite differences away from 0")
        func relu() {
            var rng = SplitMix64(seed: 0x8E1)
            for _ in 0..<4 {
                let shape = [rng.int(1...4), rng.int(1...6)]
                // |x| >= 0.1 with random signs: far from the kink compared with the step.
                var signed = rng.tensor(shape, in: 0.1...3)
                for index in 0..<signed.scalarCount where rng.next() % 2 == 0 {
                    signed[flat: index] = -signed[flat: index]
                }
                let g = rng.tensor(shape)
                let layer = ReLU()
                _ = layer.forward(signed)
                let dx = layer.backward(g)
                let numeric = numericalGradient(at: signed, step: 1e-6) { weightedSum(ReLU().forward($0), g) }
                expectGradient(dx, matches: numeric, "ReLU dx for shape \(shape)")
            }
        }

        @Test("SoftmaxWithLoss: backward matches finite differences of the forward loss")
        func softmaxWithLoss() {
            var rng = SplitMix64(seed: 0x50F7)
            for _ in 0..<4 {
                let batch = rng.int(1...4)
                let classes = rng.int(2...6)
                var x = rng.tensor([batch, classes])
                let t = (0..<batch).map { _ in rng.int(0...(classes - 1)) }
                // Raising the target logit keeps y[i, t[i]] large, so the 1e-7 guard inside the log
                // changes the true derivative of the loss by far less than the tolerance.
                for (row, label) in t.enumerated() { x[row, label] += 5 }
                let layer = SoftmaxWithLoss()
                _ = layer.forward(x, t)
                let dx = layer.backward()
                let numeric = numericalGradient(at: x) { SoftmaxWithLoss().forward($0, t) }
                expectGradient(dx, matches: numeric, "SoftmaxWithLoss dx for shape \([batch, classes])")
            }
        }

        @Test("MeanSquaredError: backward matches finite differences of the forward loss")
        func meanSquaredError() {
            var rng = SplitMix64(seed: 0x35E)
            for _ in 0..<4 {
                let shape = [rng.int(1...4), rng.int(1...6)]
                let y = rng.tensor(shape)
                let t = rng.tensor(shape)
                let layer = MeanSquaredError()
                _ = layer.forward(y, t)
                let dy = layer.backward()
                let numeric = numericalGradient(at: y) { MeanSquaredError().forward($0, t) }
                expectGradient(dy, matches: numeric, "MeanSquaredError dy for shape \(shape)")
            }
        }
    }
}

// MARK: - Forward values, shapes and edge cases

extension ReferenceSolutionTests {
    @Suite("Forward values, shapes and edge cases")
    struct ForwardAndShapes {
        @Test("FullyConnected.forward computes x·W + b on the flattened input")
        func fullyConnectedForward() {
            var rng = SplitMix64(seed: 0xF0)
            let x = rng.tensor([3, 2, 2])
            let w = rng.tensor([4, 5])
            let b = rng.tensor([5])
            let out = FullyConnected(W: w, b: b).forward(x)
            var expected = Tensor.zeros([3, 5])
            for i in 0..<3 {
                for j in 0..<5 {
                    var total = b[j]
                    for k in 0..<4 { total += x.scalars[i * 4 + k] * w[k, j] }
                    expected[i, j] = total
                }
            }
            expectClose(out, expected, tolerance: 1e-12)
        }

        @Test("FullyConnected on a rank-4 input returns dx of the same rank-4 shape")
        func fullyConnectedRank4RoundTrip() {
            var rng = SplitMix64(seed: 0xF4)
            let x = rng.tensor([2, 3, 4, 5])
            let layer = FullyConnected(W: rng.tensor([60, 7]), b: rng.tensor([7]))
            let out = layer.forward(x)
            #expect(out.shape == [2, 7])
            let dx = layer.backward(rng.tensor([2, 7]))
            #expect(dx.shape == [2, 3, 4, 5])
            #expect(layer.dW?.shape == [60, 7])
            #expect(layer.db?.shape == [7])
        }

        @Test("FullyConnected with a batch of one")
        func fullyConnectedBatchOfOne() {
            let layer = FullyConnected(W: Tensor([[1, 2], [3, 4], [5, 6]]), b: Tensor([0.5, -0.5]))
            expectClose(layer.forward(Tensor([[1, 0, -1]])), Tensor([[-3.5, -4.5]]))
            expectClose(layer.backward(Tensor([[1, -1]])), Tensor([[-1, -1, -1]]))
            expectClose(layer.dW, Tensor([[1, -1], [0, 0], [-1, 1]]))
            expectClose(layer.db, Tensor([1, -1]))
        }

        @Test("Sigmoid stays finite and correct on saturated inputs")
        func sigmoidSaturated() {
            let layer = Sigmoid()
            let x = Tensor([[-800, -30, 30, 800]])
            let y = layer.forward(x)
            expectClose(y, Tensor(x.scalars.map { 1 / (1 + exp(-$0)) }).reshaped(1, 4), tolerance: 1e-15)
            let dx = layer.backward(Tensor([[1, 1, 1, 1]]))
            #expect(dx.scalars.allSatisfy { $0.isFinite })
            expectClose(dx, Tensor(y.scalars.map { (1 - $0) * $0 }).reshaped(1, 4), tolerance: 1e-15)
        }

        @Test("ReLU passes nothing through exact zeros, and keeps rank-3 shapes")
        func reluZerosAndShapes() {
            let layer = ReLU()
            let x = Tensor(shape: [2, 1, 3], scalars: [0, -0.0, 2, -3, 0, 1e-300])
            let expectedY = Tensor(shape: [2, 1, 3], scalars: [0, 0, 2, 0, 0, 1e-300])
            expectClose(layer.forward(x), expectedY, tolerance: 0)
            let dout = Tensor(shape: [2, 1, 3], scalars: [1, 2, 3, 4, 5, 6])
            let expectedDx = Tensor(shape: [2, 1, 3], scalars: [0, 0, 3, 0, 0, 6])
            expectClose(layer.backward(dout), expectedDx, tolerance: 0)
        }

        @Test("SoftmaxWithLoss stays finite on large logits")
        func softmaxLargeLogits() {
            let layer = SoftmaxWithLoss()
            let x = Tensor([[1000, -1000, 500], [-600, -500, -700]])
            let loss = layer.forward(x, [0, 2])
            #expect(loss.isFinite)
            // Row 0: y = [1, 0, 0], target 0. Row 1: y ≈ [e^-100, 1, e^-200], target 2.
            expectClose(layer.backward(), Tensor([[0, 0, 0], [0, 0.5, -0.5]]), tolerance: 1e-12)
        }

        @Test("SoftmaxWithLoss with a batch of one: rows of the gradient sum to 0")
        func softmaxBatchOfOne() throws {
            let layer = SoftmaxWithLoss()
            let loss = layer.forward(Tensor([[0, 0, 0, 0]]), [3])
            #expect(abs(loss - -log(0.25 + 1e-7)) < 1e-12)
            let dx = layer.backward()
            try #require(dx.shape == [1, 4])
            expectClose(dx, Tensor([[0.25, 0.25, 0.25, -0.75]]), tolerance: 1e-12)
        }

        @Test("MeanSquaredError does not divide by the batch size")
        func meanSquaredErrorNoBatchDivision() {
            let layer = MeanSquaredError()
            let loss = layer.forward(Tensor([[1, 2], [3, 4], [5, 6]]), Tensor([[0, 2], [3, 3], [5, 8]]))
            #expect(abs(loss - 0.5 * (1 + 0 + 0 + 1 + 0 + 4)) < 1e-12)
            expectClose(layer.backward(), Tensor([[1, 0], [0, 1], [0, -2]]), tolerance: 0)
        }
    }
}
