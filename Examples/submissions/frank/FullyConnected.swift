// Sample submission (frank): correct. Expected: full marks for this exercise.
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
        let dx = dout.matmul(W.transposed())
        if let x {
            dW = x.transposed().matmul(dout)
        }
        db = dout.sum(alongAxis: 0)
        return dx.reshaped(originalXShape)
        // ---- End your code ----
    }
}
