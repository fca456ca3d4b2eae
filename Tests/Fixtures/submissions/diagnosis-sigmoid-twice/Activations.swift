// Fixture diagnosis-sigmoid-twice: Sigmoid.backward squashes the saved output through the sigmoid
// once more before using it, so it computes dout·(1 − s)·s with s = σ(y) = σ(σ(x)). Everything
// else is correct. Expected hint: sigmoid.sigmoid-of-output on Sigmoid.backward.
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
        let s = 1.0 / (1.0 + exp(-y))
        return dout * (1.0 - s) * s
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
