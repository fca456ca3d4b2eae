import ExerciseKit

// The classic mistakes of FullyConnected.backward: a transposed dW, dx not reshaped back, dx computed
// with W instead of Wᵀ, and db averaged, summed over the wrong axis or summed to a single number.

extension MistakeCatalog {
    /// The FullyConnected entries, most specific first.
    static let fullyConnected: [Mistake] = [
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
