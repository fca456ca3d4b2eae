// Fixture diagnosis-relu-divide-by-x: ReLU.backward computes the slope as relu(x) / x, which is
// 1 for x > 0 and 0 for x < 0, but 0 / 0 = NaN at exactly x = 0. Everything else is correct.
// Expected hint: generic.non-finite on ReLU.backward (naming the positions where x is 0).
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
        let slope = x.map { $0 > 0 ? $0 : 0 } / x
        return dout * slope
    }
}
