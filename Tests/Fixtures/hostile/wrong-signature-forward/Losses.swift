// Hostile fixture wrong-signature-forward: SoftmaxWithLoss.forward returns the per-row losses as
// [Double] instead of their mean as Double; otherwise correct. MeanSquaredError is correct.
// Expected: SoftmaxWithLoss.backward missingMember naming forward and its expected signature,
// MeanSquaredError.backward full marks.
import ExerciseKit

final class SoftmaxWithLoss {
    var y: Tensor?
    var t: [Int] = []

    init() {}

    func forward(_ x: Tensor, _ t: [Int]) -> [Double] {
        let shifted = x - x.max(alongAxis: 1, keepingDimension: true)
        let e = exp(shifted)
        let y = e / e.sum(alongAxis: 1, keepingDimension: true)
        self.y = y
        self.t = t
        let picked = Tensor(t.enumerated().map { row, label in y[row, label] })
        return log(picked + 1e-7).scalars.map { -$0 }
    }

    func backward() -> Tensor {
        guard let y else { fatalError("backward before forward") }
        var oneHot = Tensor.zeros(like: y)
        for (row, label) in t.enumerated() {
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
