// Sample submission (bob): correct, but written with plain loops over `scalars`; backward
// recomputes the softmax from the stored logits. Expected: full marks.
import Foundation
import ExerciseKit

final class SoftmaxWithLoss {
    var logits: Tensor?
    var t: [Int] = []

    init() {}

    func softmaxRow(_ x: Tensor, _ i: Int) -> [Double] {
        let classes = x.shape[1]
        let row = Array(x.scalars[(i * classes)..<((i + 1) * classes)])
        let biggest = row.max()!
        let e = row.map { exp($0 - biggest) }
        let total = e.reduce(0, +)
        return e.map { $0 / total }
    }

    func forward(_ x: Tensor, _ t: [Int]) -> Double {
        logits = x
        self.t = t
        var loss = 0.0
        for i in 0..<t.count {
            loss -= log(softmaxRow(x, i)[t[i]] + 1e-7)
        }
        return loss / Double(t.count)
    }

    func backward() -> Tensor {
        // ---- Begin your code ----
        let x = logits!
        let batch = t.count
        var dx = [Double]()
        for i in 0..<batch {
            var y = softmaxRow(x, i)
            y[t[i]] -= 1
            for v in y {
                dx.append(v / Double(batch))
            }
        }
        return Tensor(shape: x.shape, scalars: dx)
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
        var total = 0.0
        for i in 0..<y.scalars.count {
            let d = y.scalars[i] - t.scalars[i]
            total += d * d
        }
        return 0.5 * total
    }

    func backward() -> Tensor {
        // ---- Begin your code ----
        var dy = [Double]()
        for i in 0..<y!.scalars.count {
            dy.append(y!.scalars[i] - t!.scalars[i])
        }
        return Tensor(shape: y!.shape, scalars: dy)
        // ---- End your code ----
    }
}
