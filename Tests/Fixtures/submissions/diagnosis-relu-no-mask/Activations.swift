// Fixture diagnosis-relu-no-mask: ReLU.backward records the mask in forward but returns dout
// unchanged. Everything else is correct. Expected hint: relu.no-mask on ReLU.backward.
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
        return dout
    }
}
