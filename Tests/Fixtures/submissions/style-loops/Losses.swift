import ExerciseKit
// Fixture style-loops: correct; every computation is a plain loop over `scalars`.
import Foundation

final class SoftmaxWithLoss {
    var y: [Double] = []
    var t: [Int] = []
    var rows = 0
    var cols = 0

    init() {}

    func forward(_ x: Tensor, _ t: [Int]) -> Double {
        rows = x.shape[0]
        cols = x.shape[1]
        self.t = t
        y = [Double](repeating: 0, count: rows * cols)
        var loss = 0.0
        for i in 0..<rows {
            var m = x.scalars[i * cols]
            for j in 0..<cols {
                m = Swift.max(m, x.scalars[i * cols + j])
            }
            var s = 0.0
            for j in 0..<cols {
                y[i * cols + j] = exp(x.scalars[i * cols + j] - m)
                s += y[i * cols + j]
            }
            for j in 0..<cols {
                y[i * cols + j] /= s
            }
            loss -= log(y[i * cols + t[i]] + 1e-7)
        }
        return loss / Double(rows)
    }

    func backward() -> Tensor {
        var dx = [Double](repeating: 0, count: rows * cols)
        for i in 0..<rows {
            for j in 0..<cols {
                let target = j == t[i] ? 1.0 : 0.0
                dx[i * cols + j] = (y[i * cols + j] - target) / Double(rows)
            }
        }
        return Tensor(shape: [rows, cols], scalars: dx)
    }
}

final class MeanSquaredError {
    var diff: [Double] = []
    var shape: [Int] = []

    init() {}

    func forward(_ y: Tensor, _ t: Tensor) -> Double {
        shape = y.shape
        diff = []
        var loss = 0.0
        for i in 0..<y.scalars.count {
            let d = y.scalars[i] - t.scalars[i]
            diff.append(d)
            loss += 0.5 * d * d
        }
        return loss
    }

    func backward() -> Tensor {
        var dy: [Double] = []
        for d in diff {
            dy.append(d)
        }
        return Tensor(shape: shape, scalars: dy)
    }
}
