// Hostile fixture loop-sleep: SoftmaxWithLoss.backward sleeps for a thousand seconds (through
// Foundation). MeanSquaredError is correct. Expected: SoftmaxWithLoss.backward timed out,
// MeanSquaredError.backward full marks.
import ExerciseKit
import Foundation

final class SoftmaxWithLoss {
    var y: Tensor?
    var t: [Int] = []

    init() {}

    func forward(_ x: Tensor, _ t: [Int]) -> Double {
        let shifted = x - x.max(alongAxis: 1, keepingDimension: true)
        let e = ExerciseKit.exp(shifted)
        let y = e / e.sum(alongAxis: 1, keepingDimension: true)
        self.y = y
        self.t = t
        return 0
    }

    func backward() -> Tensor {
        sleep(1000)
        Thread.sleep(forTimeInterval: 1000)
        return y ?? Tensor(shape: [0], scalars: [])
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
