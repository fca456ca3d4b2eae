// Sample submission (heidi): the untouched template, handed in as is. Every backward stops
// at its notImplemented call, so each method scores 0 with a "not implemented yet" message.
import ExerciseKit

/// Softmax followed by the cross-entropy loss, for a batch of class indices.
///
/// `forward(_:_:)` is written for you. For logits `x` of shape (B, C) and targets `t` (B class
/// indices), it keeps the softmax probabilities in `y` (shape (B, C)) and the targets in `t`,
/// and returns the mean over the batch of `-log(y[i, t[i]] + 1e-7)`.
///
/// Your task: write `backward()`. It takes no argument: return the gradient of the loss
/// returned by `forward(_:_:)` with respect to `x`.
final class SoftmaxWithLoss {
    /// The softmax probabilities of the last forward pass, shape (B, C).
    var y: Tensor?
    /// The target class of each row of the last forward pass.
    var t: [Int] = []
    /// The loss returned by the last forward pass.
    var loss: Double?

    init() {}

    /// Returns the mean cross-entropy of the row-wise softmax of `x` against `t`.
    func forward(_ x: Tensor, _ t: [Int]) -> Double {
        // Subtracting the row maximum keeps `exp` from overflowing on large logits.
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

    /// Returns the gradient of the loss with respect to the logits `x`.
    func backward() -> Tensor {
        // ---- Begin your code ----
        notImplemented("SoftmaxWithLoss.backward")
        // ---- End your code ----
    }
}

/// The squared-error loss `0.5·Σ(y - t)²`, summed over every element.
///
/// `forward(_:_:)` is written for you and keeps the prediction in `y` and the target in `t`.
///
/// Your task: write `backward()`. It takes no argument: return the gradient of the loss with
/// respect to the prediction `y`.
final class MeanSquaredError {
    /// The prediction of the last forward pass.
    var y: Tensor?
    /// The target of the last forward pass (same shape as `y`).
    var t: Tensor?

    init() {}

    /// Returns `0.5·Σ(y - t)²` and keeps `y` and `t`.
    func forward(_ y: Tensor, _ t: Tensor) -> Double {
        self.y = y
        self.t = t
        let diff = y - t
        return 0.5 * (diff * diff).sum()
    }

    /// Returns the gradient of the loss with respect to `y`.
    func backward() -> Tensor {
        // ---- Begin your code ----
        notImplemented("MeanSquaredError.backward")
        // ---- End your code ----
    }
}
