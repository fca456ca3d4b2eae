// Fixture mistake-sigmoid-from-x: Sigmoid.backward evaluates the derivative formula on the
// input instead of the output: dout·(1 − x)·x rather than dout·(1 − y)·y. Everything else is
// correct.
import ExerciseKit

final class Sigmoid {
    var out: Tensor?
    var x: Tensor?

    init() {}

    func forward(_ x: Tensor) -> Tensor {
        self.x = x
        let y = 1.0 / (1.0 + exp(-x))
        out = y
        return y
    }

    func backward(_ dout: Tensor) -> Tensor {
        // ---- Begin your code ----
        guard let x else { fatalError("backward before forward") }
        return dout * (1.0 - x) * x
        // ---- End your code ----
    }
}

final class ReLU {
    var mask: [Bool] = []

    init() {}

    func forward(_ x: Tensor) -> Tensor {
        mask = x.scalars.map { $0 <= 0 }
        return x.map { $0 > 0 ? $0 : 0 }
    }

    func backward(_ dout: Tensor) -> Tensor {
        // ---- Begin your code ----
        let keep = Tensor(shape: dout.shape, scalars: mask.map { $0 ? 0.0 : 1.0 })
        return dout * keep
        // ---- End your code ----
    }
}
