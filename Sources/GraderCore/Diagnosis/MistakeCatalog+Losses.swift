import ExerciseKit

// The classic mistakes of SoftmaxWithLoss.backward and MeanSquaredError.backward.

extension MistakeCatalog {
    /// The SoftmaxWithLoss and MeanSquaredError entries, most specific first.
    static let losses: [Mistake] = [
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
        Mistake(
            id: "mse.sign-flipped", quantities: [.meanSquaredErrorBackward],
            headline: { _ in "Your MSE gradient has the wrong sign (t - y)" },
            advice: { _ in "the gradient of 0.5·Σ(y - t)² with respect to y is y - t." },
            matches: { observation in
                guard let (y, t) = observation.meanSquaredErrorInputs else { return false }
                return observation.isClose(to: t - y)
            }),
        Mistake(
            id: "mse.batch-division", quantities: [.meanSquaredErrorBackward],
            headline: { _ in "Your MSE gradient is divided by the batch size B" },
            advice: { _ in "this loss is the plain sum 0.5·Σ(y - t)², with no division, so return y - t as it is." },
            matches: { observation in
                guard let (y, _) = observation.meanSquaredErrorInputs, let batch = y.shape.first, batch > 1 else {
                    return false
                }
                return observation.isExpected(dividedBy: Double(batch))
            }),
        Mistake(
            id: "mse.element-count-division", quantities: [.meanSquaredErrorBackward],
            headline: { _ in "Your MSE gradient is divided by the number of elements" },
            advice: { _ in "this loss is the plain sum 0.5·Σ(y - t)², not a mean, so return y - t without dividing." },
            matches: { observation in
                guard let (y, _) = observation.meanSquaredErrorInputs, y.scalarCount > 1 else { return false }
                return observation.isExpected(dividedBy: Double(y.scalarCount))
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

    /// The inputs of a MeanSquaredError case, when they are consistent: y and t of the expected
    /// output's shape.
    var meanSquaredErrorInputs: (y: Tensor, t: Tensor)? {
        guard testCase.gradedClass == .meanSquaredError, let y = input("y"), let t = input("t"), y.shape == t.shape,
            y.shape == expected.shape
        else { return nil }
        return (y, t)
    }
}
