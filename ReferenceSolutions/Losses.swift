import ExerciseKit

/// The reference softmax followed by the cross-entropy loss, for a batch of class indices.
///
/// Forward turns each row of logits `x` (B, C) into probabilities `y` with a numerically stable
/// softmax (the row maximum is subtracted before exponentiating) and returns the mean over the
/// batch of `-log(y[i, t[i]] + 1e-7)`. Backward returns the gradient of that loss with respect
/// to `x`: `(y - onehot(t)) / B`.
public final class SoftmaxWithLoss {
    /// The loss computed by the last forward pass.
    public private(set) var loss: Double?
    /// The softmax probabilities of the last forward pass, (B, C).
    private var y: Tensor?
    /// The target class of each row of the last forward pass.
    private var t: [Int] = []

    /// Creates a softmax-with-loss layer.
    public init() {}

    /// Computes the softmax of each row of `x` and the mean cross-entropy against `t`.
    ///
    /// `x` is (B, C) and `t` holds B class indices in `0..<C`.
    public func forward(_ x: Tensor, _ t: [Int]) -> Double {
        precondition(x.rank == 2 && x.shape[0] == t.count,
                     "SoftmaxWithLoss: x \(x.shape) needs one target per row, got \(t.count)")
        let shifted = x - x.max(alongAxis: 1, keepingDimension: true)
        let e = exp(shifted)
        let y = e / e.sum(alongAxis: 1, keepingDimension: true)
        let picked = Tensor(t.enumerated().map { row, label in y[row, label] })
        let loss = -log(picked + 1e-7).mean()
        self.y = y
        self.t = t
        self.loss = loss
        return loss
    }

    /// Returns `(y - onehot(t)) / B`, the gradient of the mean loss with respect to `x`.
    public func backward() -> Tensor {
        guard let y else {
            preconditionFailure("SoftmaxWithLoss.backward was called before forward")
        }
        var dx = y
        for (row, label) in t.enumerated() {
            dx[row, label] -= 1
        }
        return dx / Double(t.count)
    }
}

/// The reference mean squared error, `0.5·Σ(y - t)²` over all elements.
///
/// Despite the name there is no division by the batch size (the course's definition). Backward
/// returns the gradient with respect to `y`, which is simply `y - t`.
public final class MeanSquaredError {
    /// The prediction of the last forward pass.
    private var y: Tensor?
    /// The target of the last forward pass.
    private var t: Tensor?

    /// Creates a mean-squared-error layer.
    public init() {}

    /// Returns `0.5·Σ(y - t)²` and keeps `y` and `t`.
    public func forward(_ y: Tensor, _ t: Tensor) -> Double {
        self.y = y
        self.t = t
        let diff = y - t
        return 0.5 * (diff * diff).sum()
    }

    /// Returns `y - t`, the gradient of the loss with respect to `y`.
    public func backward() -> Tensor {
        guard let y, let t else {
            preconditionFailure("MeanSquaredError.backward was called before forward")
        }
        return y - t
    }
}
