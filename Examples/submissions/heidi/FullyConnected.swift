// Sample submission (heidi): the untouched template, handed in as is. Every backward stops
// at its notImplemented call, so each method scores 0 with a "not implemented yet" message.
import ExerciseKit

/// A fully-connected (affine) layer: `out = x·W + b`.
///
/// `W` has shape (D_in, D_out) and `b` has shape (D_out). `forward(_:)` is written for you: it
/// flattens an input of shape (B, d1, d2, ...) to (B, D_in), keeps the flattened input in `x`
/// and the original shape in `originalXShape`, and returns `x·W + b`.
///
/// Your task: write `backward(_:)`. Given `dout`, the gradient of the loss with respect to the
/// output (shape (B, D_out)), store the gradient with respect to `W` in `dW` and the gradient
/// with respect to `b` in `db`, and return the gradient with respect to the input, in the same
/// shape as the input that was given to `forward(_:)`.
final class FullyConnected {
    /// The weights, shape (D_in, D_out).
    let W: Tensor
    /// The bias, shape (D_out).
    let b: Tensor
    /// The gradient of the loss with respect to `W`, shape (D_in, D_out). Set it in `backward`.
    var dW: Tensor?
    /// The gradient of the loss with respect to `b`, shape (D_out). Set it in `backward`.
    var db: Tensor?

    /// The input of the last forward pass, flattened to (B, D_in).
    var x: Tensor?
    /// The shape of the input of the last forward pass, before flattening.
    var originalXShape: [Int] = []

    init(W: Tensor, b: Tensor) {
        self.W = W
        self.b = b
    }

    /// Returns `x·W + b`, flattening every axis of `x` after the first.
    func forward(_ x: Tensor) -> Tensor {
        originalXShape = x.shape
        let flat = x.flattenedBatch()
        self.x = flat
        return flat.matmul(W) + b
    }

    /// Back-propagates `dout` (B, D_out): sets `dW` and `db`, returns the gradient of the input.
    func backward(_ dout: Tensor) -> Tensor {
        // ---- Begin your code ----
        notImplemented("FullyConnected.backward")
        // ---- End your code ----
    }
}
