// Fixture diagnosis-softmax-sign: SoftmaxWithLoss.backward returns (onehot(t) − y) / B, the
// gradient with its sign flipped. Everything else is correct. Expected hint: generic.negated on
// SoftmaxWithLoss.backward.
import ExerciseKit

final class SoftmaxWithLoss {
    var y: Tensor?
    var t: [Int] = []
    var loss: Double?

    init() {}

    func forward(_ x: Tensor, _ t: [Int]) -> Double {
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

    func backward() -> Tensor {
        guard let y else { fatalError("backward before forward") }
        var oneHot = Tensor.zeros(like: y)
        for (row, label) in t.enumerated() {
            oneHot[row, label] = 1
        }
        return (oneHot - y) / Double(t.count)
    }
}

final class MeanSquaredError {
    var y: Tensor?
    var t: Tensor?

    init() {}

    func forward(_ y: Tensor, _ t: Tensor) -> Double {
        self.y = y
        self.t = t
        let diff = y - t
        return 0.5 * (diff * diff).sum()
    }

    func backward() -> Tensor {
        guard let y, let t else { fatalError("backward before forward") }
        return y - t
    }
}
