// Sample submission (carol): a classic mistake. dW is computed as doutᵀ·x, the transpose of
// the right answer: shape (D_out, D_in) instead of (D_in, D_out), so it fails on shape unless
// W is square (and then on values). dx and db are correct.
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
        guard let x else { fatalError("call forward first") }
        let dx = dout.matmul(W.transposed())
        dW = dout.transposed().matmul(x)
        db = dout.sum(alongAxis: 0)
        return dx.reshaped(originalXShape)
        // ---- End your code ----
    }
}
