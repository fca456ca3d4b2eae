// Sample submission (erin): correct. Expected: full marks for this exercise.
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
        // ---- Begin your code ----
        guard let y else { return Tensor.zeros([0]) }
        let batch = Double(y.shape[0])
        var dx = y / batch
        for (i, label) in t.enumerated() {
            dx[i, label] -= 1 / batch
        }
        return dx
        // ---- End your code ----
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
        // ---- Begin your code ----
        guard let y, let t else { return Tensor.zeros([0]) }
        let dy = y - t
        return dy
        // ---- End your code ----
    }
}
