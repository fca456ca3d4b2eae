// Fixture mistake-fc-dx-uses-W: dx uses W untransposed, taking the column-vector formula dx =
// W·dy literally for a batch: W·doutᵀ is (D_in, B), i.e. dxᵀ, and it is reshaped to the input
// shape without being transposed back. The element count always matches, so there is no crash:
// the values come out scrambled whenever B > 1 (a batch of one happens to be right). Everything
// else is correct.
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
        dW = x.transposed().matmul(dout)
        db = dout.sum(alongAxis: 0)
        return W.matmul(dout.transposed()).reshaped(originalXShape)
        // ---- End your code ----
    }
}
