// Sample submission (dave): correct. Expected: full marks for this exercise.
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
        var grad = y!
        let batchSize = Double(t.count)
        for i in 0..<t.count {
            grad[i, t[i]] = grad[i, t[i]] - 1
        }
        return grad / batchSize
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
        return y! - t!
        // ---- End your code ----
    }
}
