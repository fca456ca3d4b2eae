import ExerciseKit
import ReferenceSolutions

// SoftmaxWithLoss (loss-backward): forward is the mean over the batch of -log(softmax(x)[i, t[i]]);
// backward gives (softmax(x) - onehot(t)) / B.

extension ScoredQuantity {
    /// The gradient `SoftmaxWithLoss.backward` returns.
    public static let softmaxWithLossBackward: ScoredQuantity = "SoftmaxWithLoss.backward"
}

extension GradedClass {
    /// Softmax with the cross-entropy loss.
    public static let softmaxWithLoss = GradedClass(
        name: "SoftmaxWithLoss", exercise: .lossBackward, inputs: [.init("x"), .init("t", labels: true)],
        batchInput: "x",
        outputs: [
            .init(
                .softmaxWithLossBackward, description: "the gradient returned by backward",
                shortName: "softmax gradient", variable: "dx")
        ],
        sample: [Tensor([[-1, 0, 1], [-2, 0, 2]]), Tensor([1, 2])],
        random: { random in
            let batch = random.int(in: 1...64)
            return softmaxInputs(batch: batch, classes: random.int(in: 2...128), scale: 5, &random)
        },
        edgeCases: [
            .init("large-logits") { random in
                // |x| >= 500: exp overflows unless each row's maximum is subtracted first.
                var inputs = softmaxInputs(batch: 6, classes: 10, scale: 1, &random)
                inputs[0] = inputs[0].map { value in
                    let magnitude = 500 + 500 * abs(value)
                    return value < 0 ? -magnitude : magnitude
                }
                return inputs
            },
            .init("batch-of-one") { random in
                softmaxInputs(batch: 1, classes: random.int(in: 3...20), scale: 5, &random)
            },
            .init("two-classes") { softmaxInputs(batch: 9, classes: 2, scale: 5, &$0) },
        ],
        reference: { inputs in
            let layer = ReferenceSolutions.SoftmaxWithLoss()
            _ = layer.forward(inputs[0], inputs[1].scalars.map { Int($0) })
            return [layer.backward()]
        },
        glue: [
            .init("let labels: [Int] = inputs[1].scalars.map { Int($0) }"),
            .init("let layer = SoftmaxWithLoss()", expects: "init()"),
            .init(
                "let _: Double = layer.forward(inputs[0], labels)",
                expects: "func forward(_ x: Tensor, _ t: [Int]) -> Double"),
            .init("let dx: ExerciseKit.Tensor = layer.backward()", expects: "func backward() -> Tensor"),
        ],
        mistakes: softmaxMistakes)

    /// Logits x (B, C) uniform in ±`scale`, and B labels in 0..<C.
    private static func softmaxInputs(batch: Int, classes: Int, scale: Double, _ random: inout CaseRandom) -> [Tensor] {
        let x = random.tensor([batch, classes], -scale, scale)
        let labels = Tensor((0..<batch).map { _ in Double(random.int(in: 0...(classes - 1))) })
        return [x, labels]
    }

    /// The classic mistakes: no division by B, a division by C, no one-hot term or one in the wrong
    /// place, and the numerically unstable softmax.
    private static let softmaxMistakes: [Mistake] = [
        Mistake(
            id: "softmax.no-batch-division", quantities: [.softmaxWithLossBackward],
            headline: { _ in
                "Your softmax gradient is not divided by the batch size B (it is B times the expected value)"
            },
            advice: { _ in "the loss is a mean over the batch, so divide (y - onehot(t)) by B in backward()." },
            matches: { observation in
                guard let softmax = observation.softmaxInputs, softmax.batch > 1 else { return false }
                return observation.isExpected(times: Double(softmax.batch))
            }),
        Mistake(
            id: "softmax.batch-times-classes", quantities: [.softmaxWithLossBackward],
            headline: { _ in "Your softmax gradient equals the expected value divided by the number of classes C" },
            advice: { _ in "the loss averages over the B samples only, so divide (y - onehot(t)) by B, not by B·C." },
            matches: { observation in
                guard let softmax = observation.softmaxInputs, softmax.classes > 1 else { return false }
                return observation.isExpected(dividedBy: Double(softmax.classes))
            }),
        Mistake(
            id: "softmax.no-onehot", quantities: [.softmaxWithLossBackward],
            headline: { _ in "Your softmax gradient is y / B, without the target term" },
            advice: { _ in "subtract 1 at each row's target class t[i], i.e. use (y - onehot(t)) / B." },
            matches: { observation in
                guard let softmax = observation.softmaxInputs else { return false }
                return observation.isClose(to: softmax.probabilities / Double(softmax.batch))
            }),
        Mistake(
            id: "softmax.onehot-wrong-index", quantities: [.softmaxWithLossBackward],
            headline: { _ in "Your softmax gradient subtracts the one-hot 1 in the wrong columns" },
            advice: { _ in
                "in row i it belongs at column t[i], the target class of that sample (not, say, the predicted class), "
                    + "and nowhere else."
            },
            matches: { observation in
                guard let softmax = observation.softmaxInputs, observation.hasExpectedShape else { return false }
                let batch = Double(softmax.batch)
                let y = softmax.probabilities.scalars
                let actual = observation.actual.scalars
                var misplaced = false
                for offset in actual.indices {
                    let tolerance = observation.tolerance
                    if tolerance.accepts(actual[offset], expected: y[offset] / batch) { continue }
                    guard tolerance.accepts(actual[offset], expected: (y[offset] - 1) / batch) else { return false }
                    let (row, column) = offset.quotientAndRemainder(dividingBy: softmax.classes)
                    if softmax.labels[row] != column { misplaced = true }
                }
                return misplaced
            }),
        Mistake(
            id: "softmax.unstable", quantities: [.softmaxWithLossBackward],
            headline: { _ in
                "Your softmax gradient is NaN or infinite on the rows with very large logits and right elsewhere"
            },
            advice: { observations in
                "exp(x) overflows there (\(MistakeCatalog.caseList(observations))), so subtract each row's maximum "
                    + "from x before calling exp in the softmax."
            },
            matches: { observation in
                guard let softmax = observation.softmaxInputs, observation.hasExpectedShape, observation.hasNonFinite
                else { return false }
                let classes = softmax.classes
                let naive = exp(softmax.x)
                let rowSums = naive.sum(alongAxis: 1).scalars
                let actual = observation.actual.scalars
                let expected = observation.expected.scalars
                var brokenRow = false
                for row in 0..<softmax.batch {
                    let range = (row * classes)..<((row + 1) * classes)
                    let overflows =
                        !rowSums[row].isFinite || rowSums[row] == 0
                        || naive.scalars[range].contains { !$0.isFinite }
                    if overflows {
                        brokenRow = true
                    } else if !observation.agree(Array(actual[range]), Array(expected[range])) {
                        return false
                    }
                }
                return brokenRow
            }),
    ]
}

extension Observation {
    /// The inputs of a SoftmaxWithLoss case, when they are consistent: logits x (B, C), B whole-number
    /// labels in 0..<C; with the numerically stable softmax y of x.
    var softmaxInputs: (x: Tensor, labels: [Int], batch: Int, classes: Int, probabilities: Tensor)? {
        guard testCase.gradedClass == .softmaxWithLoss, let x = input("x"), let t = input("t"), x.rank == 2,
            x.shape == expected.shape
        else { return nil }
        let batch = x.shape[0]
        let classes = x.shape[1]
        guard batch > 0, classes > 0, t.scalarCount == batch else { return nil }
        var labels: [Int] = []
        labels.reserveCapacity(batch)
        for value in t.scalars {
            guard value.isFinite, value == value.rounded(), value >= 0, value < Double(classes) else { return nil }
            labels.append(Int(value))
        }
        let shifted = x - x.max(alongAxis: 1, keepingDimension: true)
        let e = exp(shifted)
        let probabilities = e / e.sum(alongAxis: 1, keepingDimension: true)
        return (x, labels, batch, classes, probabilities)
    }
}
