// Hostile fixture trap-force-unwrap: MeanSquaredError.backward force-unwraps a target it never
// stored, which traps with "Unexpectedly found nil while unwrapping an Optional value".
// SoftmaxWithLoss is correct. Expected: MeanSquaredError.backward crashed (the runtime's message
// and this file's name in the verdict), SoftmaxWithLoss.backward full marks.
import ExerciseKit

final class SoftmaxWithLoss {
    var y: Tensor?
    var t: [Int] = []

    init() {}

    func forward(_ x: Tensor, _ t: [Int]) -> Double {
        let shifted = x - x.max(alongAxis: 1, keepingDimension: true)
        let e = exp(shifted)
        let y = e / e.sum(alongAxis: 1, keepingDimension: true)
        let picked = Tensor(t.enumerated().map { row, label in y[row, label] })
        self.y = y
        self.t = t
        return -log(picked + 1e-7).mean()
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
        let diff = y - t
        return 0.5 * (diff * diff).sum()
    }

    func backward() -> Tensor {
        return y! - t!
    }
}
