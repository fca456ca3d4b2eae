// Fixture style-extra-members: correct; adds a helper struct, extra stored and computed
// properties, private functions, an extension on Tensor and a convenience initialiser.
import ExerciseKit

/// What forward leaves behind for backward.
struct AffineCache {
    var flatInput: Tensor
    var inputShape: [Int]
}

extension Tensor {
    /// The number of rows of a 2-D tensor.
    var rowCount: Int { shape[0] }
}

final class FullyConnected {
    let W: Tensor
    let b: Tensor
    var dW: Tensor?
    var db: Tensor?

    private var cache: AffineCache?
    private(set) var forwardCalls = 0
    var learningRate = 0.01

    var inputSize: Int { W.shape[0] }
    var outputSize: Int { W.shape[1] }

    init(W: Tensor, b: Tensor) {
        self.W = W
        self.b = b
    }

    convenience init(inputs: Int, outputs: Int) {
        self.init(W: Tensor.zeros([inputs, outputs]), b: Tensor.zeros([outputs]))
    }

    func forward(_ x: Tensor) -> Tensor {
        forwardCalls += 1
        let flat = flatten(x)
        cache = AffineCache(flatInput: flat, inputShape: x.shape)
        return affine(flat)
    }

    func backward(_ dout: Tensor) -> Tensor {
        guard let cache else { fatalError("forward has not run") }
        dW = weightGradient(cache.flatInput, dout)
        db = dout.sum(alongAxis: 0)
        return dout.matmul(W.transposed()).reshaped(cache.inputShape)
    }

    /// A plain gradient-descent step, unused by the grader.
    func step() -> (Tensor, Tensor)? {
        guard let dW, let db else { return nil }
        return (W - learningRate * dW, b - learningRate * db)
    }

    private func flatten(_ x: Tensor) -> Tensor {
        x.reshaped([x.shape[0], inputSize])
    }

    private func affine(_ x: Tensor) -> Tensor {
        precondition(x.rowCount > 0)
        return x.matmul(W) + b
    }

    private func weightGradient(_ x: Tensor, _ dout: Tensor) -> Tensor {
        x.transposed().matmul(dout)
    }
}
