import ExerciseKit

// The classic mistakes of Sigmoid.backward and ReLU.backward.

extension MistakeCatalog {
    /// The Sigmoid and ReLU entries, most specific first.
    static let activations: [Mistake] = [
        Mistake(
            id: "sigmoid.derivative-of-input", quantities: [.sigmoidBackward],
            headline: { _ in
                "Your Sigmoid gradient applies the derivative formula to the input x instead of the output y"
            },
            advice: { _ in "return dout·(1 - y)·y with y the sigmoid output saved in forward(), not dout·(1 - x)·x." },
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
                "record where x <= 0 in forward() and block dout at those positions in backward(), whatever the sign "
                    + "of dout."
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
    ]
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
