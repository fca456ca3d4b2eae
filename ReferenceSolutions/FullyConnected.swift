import ExerciseKit

/// The reference fully-connected (affine) layer: `out = x·W + b`.
///
/// `W` has shape (D_in, D_out) and `b` has shape (D_out). The input may have any rank of at
/// least two, (B, d1, d2, ...); forward flattens it to (B, D_in) with D_in = d1·d2·..., and
/// remembers the original shape so that backward can hand the input gradient back in it.
/// Backward stores the parameter gradients in `dW` and `db` and returns the input gradient.
public final class FullyConnected {
    /// The weights, shape (D_in, D_out).
    public let W: Tensor
    /// The bias, shape (D_out).
    public let b: Tensor
    /// The gradient of the loss with respect to `W`, set by `backward(_:)`.
    public var dW: Tensor?
    /// The gradient of the loss with respect to `b`, set by `backward(_:)`.
    public var db: Tensor?

    /// The last input, flattened to (B, D_in).
    private var x: Tensor?
    /// The shape of the last input before flattening.
    private var originalXShape: [Int] = []

    /// Creates a layer with the given weights (D_in, D_out) and bias (D_out).
    public init(W: Tensor, b: Tensor) {
        precondition(W.rank == 2, "FullyConnected: W must be 2-D, got shape \(W.shape)")
        precondition(b.shape == [W.shape[1]], "FullyConnected: b must have shape [\(W.shape[1])], got \(b.shape)")
        self.W = W
        self.b = b
    }

    /// Computes `x·W + b` for a batch, flattening every axis after the first.
    ///
    /// Returns a (B, D_out) tensor and keeps the flattened input and its original shape for
    /// `backward(_:)`.
    public func forward(_ x: Tensor) -> Tensor {
        originalXShape = x.shape
        let flat = x.flattenedBatch()
        self.x = flat
        return flat.matmul(W) + b
    }

    /// Back-propagates `dout` (B, D_out) through the layer.
    ///
    /// Sets `dW = xᵀ·dout` and `db` = the sum of `dout` over the batch axis, and returns
    /// `dx = dout·Wᵀ` reshaped to the shape of the input given to `forward(_:)`.
    public func backward(_ dout: Tensor) -> Tensor {
        guard let x else {
            preconditionFailure("FullyConnected.backward was called before forward")
        }
        dW = x.transposed().matmul(dout)
        db = dout.sum(alongAxis: 0)
        return dout.matmul(W.transposed()).reshaped(originalXShape)
    }
}
