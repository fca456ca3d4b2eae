// Fixture mistake-fc-dx-not-reshaped: dx is returned as (B, D_in) without being reshaped back
// to the input shape, so it is wrong in shape for every input of rank 3 or 4 (right for rank-2
// inputs). Everything else is correct.
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
        return dout.matmul(W.transposed())
        // ---- End your code ----
    }
}
