// Sample submission (dave): a classic mistake. db is the mean of dout over the batch instead
// of the sum, so it is only right for a batch of one. dx and dW are correct.
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
        dW = x!.transposed().matmul(dout)
        db = dout.mean(alongAxis: 0)  // average gradient over the batch
        return dout.matmul(W.transposed()).reshaped(originalXShape)
        // ---- End your code ----
    }
}
