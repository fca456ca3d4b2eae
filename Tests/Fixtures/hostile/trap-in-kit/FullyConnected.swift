// Hostile fixture trap-in-kit: backward multiplies dout by W instead of Wᵀ, so Tensor.matmul
// stops on a shape mismatch inside ExerciseKit. The report must name this file's line 25 (the
// student's call into the kit), say the crash was in backward, and say dW and db were never reached.
import ExerciseKit

final class FullyConnected {
    let W: Tensor
    let b: Tensor
    var dW: Tensor?
    var db: Tensor?
    var x: Tensor?

    init(W: Tensor, b: Tensor) {
        self.W = W
        self.b = b
    }

    func forward(_ x: Tensor) -> Tensor {
        self.x = x
        return x.matmul(W) + b
    }

    func backward(_ dout: Tensor) -> Tensor {
        // The shapes do not fit: dout is (B, D_out), W is (D_in, D_out).
        let dx = dout.matmul(W)
        dW = x?.transposed().matmul(dout)
        db = dout.sum(alongAxis: 0)
        return dx
    }
}
