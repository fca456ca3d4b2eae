// Fixture nonoptional-gradients: a correct FullyConnected that declares its gradients as
// non-optional stored properties, `var dW: Tensor` and `var db: Tensor`, set to empty tensors until
// backward runs. The grader reads them where SPEC section 2 says `Tensor?`; a plain `Tensor`
// converts to that implicitly, so this is accepted. Expected: full marks.
import ExerciseKit

final class FullyConnected {
    let W: Tensor
    let b: Tensor
    var dW: Tensor = Tensor(shape: [0], scalars: [])
    var db: Tensor = Tensor(shape: [0], scalars: [])
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
        db = dout.sum(alongAxis: 0)
        dW = x.transposed().matmul(dout)
        return dout.matmul(W.transposed()).reshaped(originalXShape)
    }
}
