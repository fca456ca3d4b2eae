import ExerciseKit
import ReferenceSolutions

// MeanSquaredError (loss-backward): loss = 0.5·Σ(y - t)² over every element, with no division by the
// batch; backward gives y - t.

extension ScoredQuantity {
    /// The gradient `MeanSquaredError.backward` returns.
    public static let meanSquaredErrorBackward: ScoredQuantity = "MeanSquaredError.backward"
}

extension GradedClass {
    /// The sum-of-squares loss.
    public static let meanSquaredError = GradedClass(
        name: "MeanSquaredError", exercise: .lossBackward, inputs: [.init("y"), .init("t")], batchInput: "y",
        outputs: [
            .init(
                .meanSquaredErrorBackward, description: "the gradient returned by backward", shortName: "MSE gradient",
                variable: "dx")
        ],
        sample: [Tensor([[-1, 0, 1], [-2, 0, 2]]), Tensor.zeros([2, 3])],
        random: { random in
            let shape = [random.int(in: 1...64), random.int(in: 1...128)]
            return [random.tensor(shape, -2, 2), random.tensor(shape, -2, 2)]
        },
        edgeCases: [
            .init("batch-of-one") { random in
                let shape = [1, random.int(in: 2...32)]
                return [random.tensor(shape, -2, 2), random.tensor(shape, -2, 2)]
            },
            .init("perfect-prediction") { random in
                let y = random.tensor([4, 7], -2, 2)
                return [y, y]
            },
            .init("large-values") { random in
                [random.tensor([5, 6], -1000, 1000), random.tensor([5, 6], -1000, 1000)]
            },
        ],
        reference: { inputs in
            let layer = ReferenceSolutions.MeanSquaredError()
            _ = layer.forward(inputs[0], inputs[1])
            return [layer.backward()]
        },
        glue: [
            .init("let layer = MeanSquaredError()", expects: "init()"),
            .init(
                "let _: Double = layer.forward(inputs[0], inputs[1])",
                expects: "func forward(_ y: Tensor, _ t: Tensor) -> Double"),
            .init("let dx: ExerciseKit.Tensor = layer.backward()", expects: "func backward() -> Tensor"),
        ],
        mistakes: [
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
                advice: { _ in "this loss is the plain sum 0.5·Σ(y - t)², with no division, so return y - t as it is."
                },
                matches: { observation in
                    guard let (y, _) = observation.meanSquaredErrorInputs, let batch = y.shape.first, batch > 1 else {
                        return false
                    }
                    return observation.isExpected(dividedBy: Double(batch))
                }),
            Mistake(
                id: "mse.element-count-division", quantities: [.meanSquaredErrorBackward],
                headline: { _ in "Your MSE gradient is divided by the number of elements" },
                advice: { _ in "this loss is the plain sum 0.5·Σ(y - t)², not a mean, so return y - t without dividing."
                },
                matches: { observation in
                    guard let (y, _) = observation.meanSquaredErrorInputs, y.scalarCount > 1 else { return false }
                    return observation.isExpected(dividedBy: Double(y.scalarCount))
                }),
        ])
}

extension Observation {
    /// The inputs of a MeanSquaredError case, when they are consistent: y and t of the expected
    /// output's shape.
    var meanSquaredErrorInputs: (y: Tensor, t: Tensor)? {
        guard testCase.gradedClass == .meanSquaredError, let y = input("y"), let t = input("t"), y.shape == t.shape,
            y.shape == expected.shape
        else { return nil }
        return (y, t)
    }
}
