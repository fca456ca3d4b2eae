// Fixture diagnosis-sigmoid-last-column: Sigmoid.backward loops over the columns with an
// off-by-one bound (0..<columns - 1), so the last column of the gradient stays 0. Everything else
// is correct. Expected hint: generic.some-columns on Sigmoid.backward.
import ExerciseKit

final class Sigmoid {
    var out: Tensor?

    init() {}

    func forward(_ x: Tensor) -> Tensor {
        let y = 1.0 / (1.0 + exp(-x))
        out = y
        return y
    }

    func backward(_ dout: Tensor) -> Tensor {
        guard let y = out else { fatalError("backward before forward") }
        let rows = y.shape[0]
        let columns = y.shape[1]
        var dx = Tensor.zeros(like: y)
        for i in 0..<rows {
            for j in 0..<(columns - 1) {
                dx[i, j] = dout[i, j] * (1.0 - y[i, j]) * y[i, j]
            }
        }
        return dx
    }
}

final class ReLU {
    var mask: [Bool] = []
    var x: Tensor?

    init() {}

    func forward(_ x: Tensor) -> Tensor {
        self.x = x
        mask = x.scalars.map { $0 <= 0 }
        return x.map { $0 > 0 ? $0 : 0 }
    }

    func backward(_ dout: Tensor) -> Tensor {
        let keep = Tensor(shape: dout.shape, scalars: mask.map { $0 ? 0.0 : 1.0 })
        return dout * keep
    }
}
