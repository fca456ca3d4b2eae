// Hostile HTML fixture: correct (copied from alice). Graded under a hostile folder name.
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
        return dout.matmul(W.transposed()).reshaped(originalXShape)
        // ---- End your code ----
    }
}
