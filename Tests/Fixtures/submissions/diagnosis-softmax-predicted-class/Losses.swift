// Fixture diagnosis-softmax-predicted-class: SoftmaxWithLoss.backward subtracts the one-hot of
// the predicted class (the argmax of y) instead of the target class t, so rows whose prediction is
// wrong are wrong. Everything else is correct. Expected hint: softmax.onehot-wrong-index on
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
        let predicted = y.argmax(alongAxis: 1)
        var oneHot = Tensor.zeros(like: y)
        for (row, label) in predicted.enumerated() {
            oneHot[row, label] = 1
        }
        return (y - oneHot) / Double(t.count)
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
