// Fixture diagnosis-fc-dw-batch-mean: dW is averaged over the batch (divided by B), as if the
// layer had to average its parameter gradients; db and dx are correct. Expected hint:
// generic.divided-by-batch on FullyConnected.dW.
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
        dW = x.transposed().matmul(dout) / Double(x.shape[0])
        db = dout.sum(alongAxis: 0)
        return dout.matmul(W.transposed()).reshaped(originalXShape)
    }
}
