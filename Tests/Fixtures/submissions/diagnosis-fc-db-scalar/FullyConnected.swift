// Fixture diagnosis-fc-db-scalar: db is the sum of every element of dout, a single number wrapped
// in a tensor of shape (1), instead of the sum over the batch axis (shape (D_out)). Everything
// else is correct. Expected hint: fc.db-scalar on FullyConnected.db.
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
        guard let x else { fatalError("backward before forward") }
        dW = x.transposed().matmul(dout)
        db = Tensor([dout.sum()])
        return dout.matmul(W.transposed()).reshaped(originalXShape)
    }
}
