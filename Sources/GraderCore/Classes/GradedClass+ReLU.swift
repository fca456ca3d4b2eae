import ExerciseKit
import ReferenceSolutions

// ReLU (activation-backward): y = max(0, x); backward lets dout through where x > 0 and gives 0
// where x <= 0 (at exactly 0 too: the exercise page's rule).

extension ScoredQuantity {
    /// The gradient `ReLU.backward` returns.
    public static let reluBackward: ScoredQuantity = "ReLU.backward"
}

extension GradedClass {
    /// The rectified linear unit.
    public static let relu = GradedClass(
        name: "ReLU", exercise: .activationBackward, inputs: [.init("x"), .init("dout")], batchInput: "x",
        outputs: [
            .init(
                .reluBackward, description: "the gradient returned by backward", shortName: "ReLU gradient",
                variable: "dx")
        ],
        sample: [Tensor([[-1, 0, 1]]), Tensor([[1, 2, 3]])],
        random: { random in
            let shape = [random.int(in: 1...64), random.int(in: 1...128)]
            return [random.tensor(shape, -4, 4), random.tensor(shape, -1, 1)]
        },
        edgeCases: [
            .init("exact-zeros") { random in
                let shape = [6, 10]
                var x = random.tensor(shape, -2, 2)
                for row in 0..<6 {
                    for column in 0..<10 where row == 2 || random.next() % 3 == 0 { x[row, column] = 0 }
                }
                return [x, random.tensor(shape, -1, 1)]
            },
            .init("batch-of-one") { random in
                let shape = [1, random.int(in: 2...32)]
                return [random.tensor(shape, -4, 4), random.tensor(shape, -1, 1)]
            },
            .init("all-negative") { random in [random.tensor([5, 9], -3, -0.01), random.tensor([5, 9], -1, 1)] },
        ],
        reference: { inputs in
            let layer = ReferenceSolutions.ReLU()
            _ = layer.forward(inputs[0])
            return [layer.backward(inputs[1])]
        },
        glue: activationGlue("ReLU"),
        mistakes: [
            Mistake(
                id: "relu.mask-strict", quantities: [.reluBackward],
                headline: { _ in "Your ReLU gradient lets dout through where x is exactly 0" },
                advice: { _ in "the mask must be x <= 0, not x < 0, so that the gradient at x = 0 is 0." },
                matches: { observation in
                    guard let (x, dout) = observation.activationInputs else { return false }
                    return observation.isClose(to: x.zipMap(dout) { $0 >= 0 ? $1 : 0 })
                }),
            Mistake(
                id: "relu.inverted-mask", quantities: [.reluBackward],
                headline: { _ in
                    "Your ReLU mask is the wrong way round (dout passes where x <= 0 and is blocked where x > 0)"
                },
                advice: { _ in "keep dout where the forward input x was > 0 and set it to 0 everywhere else." },
                matches: { observation in
                    guard let (x, dout) = observation.activationInputs else { return false }
                    return observation.isClose(to: x.zipMap(dout) { $0 <= 0 ? $1 : 0 })
                        || observation.isClose(to: x.zipMap(dout) { $0 < 0 ? $1 : 0 })
                }),
            Mistake(
                id: "relu.mask-from-dout", quantities: [.reluBackward],
                headline: { _ in "Your ReLU mask is taken from dout instead of from the forward input x" },
                advice: { _ in
                    "record where x <= 0 in forward() and block dout at those positions in backward(), whatever the "
                        + "sign of dout."
                },
                matches: { observation in
                    guard let (_, dout) = observation.activationInputs else { return false }
                    return observation.isClose(to: dout.map { $0 > 0 ? $0 : 0 })
                }),
            Mistake(
                id: "relu.no-mask", quantities: [.reluBackward],
                headline: { _ in "Your ReLU gradient is dout unchanged" },
                advice: { _ in "set it to 0 wherever the forward input x was <= 0 (record that mask in forward())." },
                matches: { observation in
                    guard let (_, dout) = observation.activationInputs else { return false }
                    return observation.isClose(to: dout)
                }),
        ])
}
