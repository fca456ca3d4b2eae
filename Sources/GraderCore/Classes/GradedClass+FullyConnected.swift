import ExerciseKit
import ReferenceSolutions

// FullyConnected (fc-backward): out = x·W + b with x flattened to (B, D_in); backward gives dx
// reshaped back to x's shape, and sets dW = xᵀ·dout and db = the sum of dout over the batch.

extension ScoredQuantity {
    /// dx, the gradient `FullyConnected.backward` returns.
    public static let fullyConnectedBackward: ScoredQuantity = "FullyConnected.backward"
    /// dW after backward.
    public static let fullyConnectedDW: ScoredQuantity = "FullyConnected.dW"
    /// db after backward.
    public static let fullyConnectedDB: ScoredQuantity = "FullyConnected.db"
}

extension GradedClass {
    /// The fully-connected layer.
    public static let fullyConnected = GradedClass(
        name: "FullyConnected", exercise: .fcBackward,
        inputs: [.init("W"), .init("b"), .init("x"), .init("dout")], batchInput: "x",
        outputs: [
            .init(.fullyConnectedBackward, description: "the dx returned by backward", shortName: "dx", variable: "dx"),
            .init(.fullyConnectedDW, description: "dW after backward", shortName: "dW", variable: "dW"),
            .init(.fullyConnectedDB, description: "db after backward", shortName: "db", variable: "db"),
        ],
        sample: [
            Tensor([[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]]), Tensor([0.1, 0.2, 0.3]), Tensor([[1, 2], [3, 4]]),
            Tensor([[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]]),
        ],
        random: { random in
            let batch = random.int(in: 1...64)
            let rank = random.int(in: 2...4)
            let features: [Int]
            switch rank {
            case 2: features = [random.int(in: 1...128)]
            case 3: features = [random.int(in: 1...12), random.int(in: 1...10)]
            default: features = [random.int(in: 1...5), random.int(in: 1...5), random.int(in: 1...5)]
            }
            return fullyConnectedInputs(batch: batch, features: features, outputs: random.int(in: 1...128), &random)
        },
        edgeCases: [
            .init("batch-of-one") { fullyConnectedInputs(batch: 1, features: [7], outputs: 5, &$0) },
            .init("rank-4-input") { fullyConnectedInputs(batch: 3, features: [2, 3, 4], outputs: 6, &$0) },
            .init("square-weights") { fullyConnectedInputs(batch: 4, features: [6], outputs: 6, &$0) },
            .init("mnist-scale") { fullyConnectedInputs(batch: 64, features: [28, 28], outputs: 128, &$0) },
            .init("large", large: true) { fullyConnectedInputs(batch: 256, features: [28, 28], outputs: 512, &$0) },
        ],
        reference: { inputs in
            let layer = ReferenceSolutions.FullyConnected(W: inputs[0], b: inputs[1])
            _ = layer.forward(inputs[2])
            let dx = layer.backward(inputs[3])
            return [dx, layer.dW ?? Tensor.zeros([0]), layer.db ?? Tensor.zeros([0])]
        },
        glue: [
            .init("let layer = FullyConnected(W: inputs[0], b: inputs[1])", expects: "init(W: Tensor, b: Tensor)"),
            .init(
                "let _: ExerciseKit.Tensor = layer.forward(inputs[2])", expects: "func forward(_ x: Tensor) -> Tensor"),
            .init(
                "let dx: ExerciseKit.Tensor = layer.backward(inputs[3])",
                expects: "func backward(_ dout: Tensor) -> Tensor"),
            .init("let dW: ExerciseKit.Tensor? = layer.dW", expects: "var dW: Tensor?"),
            .init("let db: ExerciseKit.Tensor? = layer.db", expects: "var db: Tensor?"),
        ],
        mistakes: fullyConnectedMistakes)

    /// W (D_in, D_out), b (D_out), x (B, features...) with D_in = the features' product, dout (B, D_out).
    private static func fullyConnectedInputs(batch: Int, features: [Int], outputs: Int, _ random: inout CaseRandom)
        -> [Tensor]
    {
        let weights = random.tensor([features.reduce(1, *), outputs], -1, 1)
        let bias = random.tensor([outputs], -1, 1)
        let x = random.tensor([batch] + features, -1, 1)
        let dout = random.tensor([batch, outputs], -1, 1)
        return [weights, bias, x, dout]
    }

    /// The classic mistakes: a transposed dW, dx not reshaped back, dx computed with W instead of Wᵀ,
    /// and db averaged, summed over the wrong axis or summed to a single number.
    private static let fullyConnectedMistakes: [Mistake] = [
        Mistake(
            id: "fc.dW-transposed", quantities: [.fullyConnectedDW],
            headline: { _ in "Your dW is doutᵀ·x, the transpose of the expected xᵀ·dout" },
            advice: { _ in
                "compute dW = x.transposed().matmul(dout), with x flattened to (B, D_in), so that dW has the shape "
                    + "of W, (D_in, D_out)."
            },
            matches: { observation in
                observation.expected.rank == 2 && observation.isClose(to: observation.expected.transposed())
            }),
        Mistake(
            id: "fc.dx-not-reshaped", quantities: [.fullyConnectedBackward],
            headline: { _ in "Your dx has the right values but the flattened shape (B, D_in)" },
            advice: { _ in
                "remember the shape x had in forward() and reshape dout·Wᵀ back to it before returning it from "
                    + "backward()."
            },
            matches: { observation in
                guard let layer = observation.fullyConnectedInputs, observation.expected.rank > 2 else { return false }
                return observation.actual.shape == [layer.batch, layer.inputSize]
                    && observation.hasValues(observation.expected.scalars)
            }),
        Mistake(
            id: "fc.dx-uses-W", quantities: [.fullyConnectedBackward],
            headline: { _ in "Your dx is computed with W where Wᵀ belongs" },
            advice: { _ in
                "its values are those of W·doutᵀ (or dout·W); use dx = dout·Wᵀ, i.e. dout.matmul(W.transposed()), "
                    + "then reshape it to the shape of x."
            },
            matches: { observation in
                guard let layer = observation.fullyConnectedInputs,
                    observation.actual.scalarCount == layer.batch * layer.inputSize
                else { return false }
                // W·doutᵀ is (D_in, B): dxᵀ, whatever shape it was then given.
                if observation.hasValues(layer.W.matmul(layer.dout.transposed()).scalars) { return true }
                guard layer.inputSize == layer.outputSize else { return false }
                let product = layer.dout.matmul(layer.W)
                return observation.hasValues(product.scalars) || observation.hasValues(product.transposed().scalars)
            }),
        Mistake(
            id: "fc.db-mean", quantities: [.fullyConnectedDB],
            headline: { _ in "Your db is the mean of dout over the batch (the expected value divided by B)" },
            advice: { _ in
                "db is the sum of dout over the batch axis, dout.sum(alongAxis: 0), with no division by B."
            },
            matches: { observation in
                guard let layer = observation.fullyConnectedInputs else { return false }
                return observation.isExpected(dividedBy: Double(layer.batch))
            }),
        Mistake(
            id: "fc.db-wrong-axis", quantities: [.fullyConnectedDB],
            headline: { _ in "Your db sums dout over the wrong axis (one value per sample, shape (B))" },
            advice: { _ in
                "sum over the batch axis 0 instead, dout.sum(alongAxis: 0), to get one value per output, shape "
                    + "(D_out)."
            },
            matches: { observation in
                guard let layer = observation.fullyConnectedInputs,
                    observation.actual.shape == [layer.batch] || observation.actual.shape == [layer.batch, 1]
                else { return false }
                return observation.hasValues(layer.dout.sum(alongAxis: 1).scalars)
            }),
        Mistake(
            id: "fc.db-scalar", quantities: [.fullyConnectedDB],
            headline: { _ in "Your db is a single number, the sum of every element of dout" },
            advice: { _ in
                "sum over the batch axis only, dout.sum(alongAxis: 0), to get one value per output, shape (D_out)."
            },
            matches: { observation in
                guard let layer = observation.fullyConnectedInputs, observation.actual.scalarCount == 1,
                    observation.actual.shape.allSatisfy({ $0 == 1 })
                else { return false }
                return observation.hasValues([layer.dout.sum()])
            }),
    ]
}

extension Observation {
    /// The inputs of a FullyConnected case, when they are consistent: W (D_in, D_out), b (D_out),
    /// x (B, ...) with D_in elements per sample, dout (B, D_out).
    var fullyConnectedInputs:
        (W: Tensor, b: Tensor, x: Tensor, dout: Tensor, batch: Int, inputSize: Int, outputSize: Int)?
    {
        guard testCase.gradedClass == .fullyConnected, let W = input("W"), let b = input("b"), let x = input("x"),
            let dout = input("dout"), W.rank == 2, x.rank >= 2, dout.rank == 2
        else { return nil }
        let inputSize = W.shape[0]
        let outputSize = W.shape[1]
        let batch = x.shape[0]
        guard batch > 0, inputSize > 0, outputSize > 0, b.shape == [outputSize], dout.shape == [batch, outputSize],
            x.scalarCount == batch * inputSize
        else { return nil }
        return (W, b, x, dout, batch, inputSize, outputSize)
    }
}
