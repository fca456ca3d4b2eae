// Sample submission (erin): correct. Expected: full marks for this exercise.
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
        // ---- Begin your code ----
        let y = out ?? Tensor.zeros(like: dout)
        let slope = y * (1.0 - y)
        return dout * slope
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
        let values = zip(dout.scalars, mask).map { g, blocked in blocked ? 0 : g }
        return Tensor(shape: dout.shape, scalars: values)
        // ---- End your code ----
    }
}
