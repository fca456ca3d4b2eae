import ExerciseKit
import ReferenceSolutions

// Sigmoid (activation-backward): y = 1 / (1 + e^-x); backward gives dout·(1 - y)·y.

extension ScoredQuantity {
    /// The gradient `Sigmoid.backward` returns.
    public static let sigmoidBackward: ScoredQuantity = "Sigmoid.backward"
}

extension GradedClass {
    /// The logistic sigmoid.
    public static let sigmoid = GradedClass(
        name: "Sigmoid", exercise: .activationBackward, inputs: [.init("x"), .init("dout")], batchInput: "x",
        outputs: [
            .init(
                .sigmoidBackward, description: "the gradient returned by backward", shortName: "Sigmoid gradient",
                variable: "dx")
        ],
        sample: [Tensor([[-1, 0, 1]]), Tensor([[1, 2, 3]])],
        random: { random in
            let shape = [random.int(in: 1...64), random.int(in: 1...128)]
            return [random.tensor(shape, -4, 4), random.tensor(shape, -1, 1)]
        },
        edgeCases: [
            .init("saturated") { random in
                // |x| >= 30, where 1 - y underflows and a careless formula divides by 0.
                let x = Tensor(
                    shape: [8, 16],
                    scalars: (0..<128).map { _ in
                        let magnitude = random.roundedUniform(30, 60)
                        return random.next() & 1 == 0 ? magnitude : -magnitude
                    })
                return [x, random.tensor([8, 16], -1, 1)]
            },
            .init("batch-of-one") { random in
                let shape = [1, random.int(in: 2...32)]
                return [random.tensor(shape, -4, 4), random.tensor(shape, -1, 1)]
            },
            .init("zeros") { random in [Tensor.zeros([4, 5]), random.tensor([4, 5], -1, 1)] },
        ],
        reference: { inputs in
            let layer = ReferenceSolutions.Sigmoid()
            _ = layer.forward(inputs[0])
            return [layer.backward(inputs[1])]
        },
        glue: activationGlue("Sigmoid"),
        mistakes: [
            Mistake(
                id: "sigmoid.derivative-of-input", quantities: [.sigmoidBackward],
                headline: { _ in
                    "Your Sigmoid gradient applies the derivative formula to the input x instead of the output y"
                },
                advice: { _ in
                    "return dout·(1 - y)·y with y the sigmoid output saved in forward(), not dout·(1 - x)·x."
                },
                matches: { observation in
                    guard let (x, dout) = observation.activationInputs else { return false }
                    return observation.isClose(to: dout * (1.0 - x) * x)
                }),
            Mistake(
                id: "sigmoid.sigmoid-of-output", quantities: [.sigmoidBackward],
                headline: { _ in "Your Sigmoid gradient applies the sigmoid a second time, to the saved output" },
                advice: { _ in
                    "the y saved in forward() is already σ(x), so return dout·(1 - y)·y without squashing y again."
                },
                matches: { observation in
                    guard let (x, dout) = observation.activationInputs else { return false }
                    let squashedTwice = 1.0 / (1.0 + exp(-(1.0 / (1.0 + exp(-x)))))
                    return observation.isClose(to: dout * (1.0 - squashedTwice) * squashedTwice)
                }),
            Mistake(
                id: "sigmoid.missing-dout", quantities: [.sigmoidBackward],
                headline: { _ in "Your Sigmoid gradient is the local derivative (1 - y)·y alone" },
                advice: { _ in
                    "multiply it by the upstream gradient dout that backward() receives, i.e. return dout·(1 - y)·y."
                },
                matches: { observation in
                    guard let (x, _) = observation.activationInputs else { return false }
                    let y = 1.0 / (1.0 + exp(-x))
                    return observation.isClose(to: (1.0 - y) * y)
                }),
        ])

    /// The glue of an element-wise activation: make it, forward x, backward dout.
    static func activationGlue(_ name: String) -> [GlueLine] {
        [
            .init("let layer = \(name)()", expects: "init()"),
            .init(
                "let _: ExerciseKit.Tensor = layer.forward(inputs[0])", expects: "func forward(_ x: Tensor) -> Tensor"),
            .init(
                "let dx: ExerciseKit.Tensor = layer.backward(inputs[1])",
                expects: "func backward(_ dout: Tensor) -> Tensor"),
        ]
    }
}

extension Observation {
    /// The inputs of a Sigmoid or ReLU case, when they are consistent: x and dout of the expected
    /// output's shape.
    var activationInputs: (x: Tensor, dout: Tensor)? {
        guard testCase.gradedClass == .sigmoid || testCase.gradedClass == .relu, let x = input("x"),
            let dout = input("dout"), x.shape == dout.shape, x.shape == expected.shape
        else { return nil }
        return (x, dout)
    }
}
