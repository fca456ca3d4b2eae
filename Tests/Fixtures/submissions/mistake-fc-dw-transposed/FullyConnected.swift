// Fixture mistake-fc-dw-transposed: dW is computed as doutᵀ·x, the transpose of xᵀ·dout: shape
// (D_out, D_in) instead of (D_in, D_out), so it is wrong in shape unless W is square, and then
// wrong in values. Everything else is correct.
import ExerciseKit

final class FullyConnected {
    let W: Tensor
    let b: Tensor
    var dW: Tensor?
    var db: Tensor?
    var x: Tensor?
    var originalXShape: [Int] = []

    init(W: Tensor, b: Tensor) {
        self.W = W
        self.b = b
    }

    func forward(_ x: Tensor) -> Tensor {
        originalXShape = x.shape
        let flat = x.flattenedBatch()
        self.x = flat
        return flat.matmul(W) + b
    }

    func backward(_ dout: Tensor) -> Tensor {
        // ---- Begin your code ----
        guard let x else { fatalError("backward before forward") }
        dW = dout.transposed().matmul(x)
        db = dout.sum(alongAxis: 0)
        return dout.matmul(W.transposed()).reshaped(originalXShape)
        // ---- End your code ----
    }
}
