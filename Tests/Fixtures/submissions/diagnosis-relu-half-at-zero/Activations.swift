// Fixture diagnosis-relu-half-at-zero: ReLU.backward uses 0.5 as the slope at exactly x = 0 (the
// mean of the two one-sided slopes) instead of 0; it is right wherever x is not 0. Everything else
// is correct. Expected hint: generic.wrong-at-zero-input on ReLU.backward.
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
        return dout * (1.0 - y) * y
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
        guard let x else { fatalError("backward before forward") }
        let slope = x.map { $0 > 0 ? 1.0 : ($0 == 0 ? 0.5 : 0.0) }
        return dout * slope
    }
}
