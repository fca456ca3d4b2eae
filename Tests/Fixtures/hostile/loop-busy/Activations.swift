// Hostile fixture loop-busy: ReLU.backward spins forever without sleeping. Sigmoid is correct.
// Expected: ReLU.backward timed out (the time limit kills the worker), Sigmoid.backward full marks.
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

    init() {}

    func forward(_ x: Tensor) -> Tensor {
        mask = x.scalars.map { $0 <= 0 }
        return x.map { $0 > 0 ? $0 : 0 }
    }

    func backward(_ dout: Tensor) -> Tensor {
        var spins: UInt64 = 0
        while spins != UInt64.max {
            spins &+= 1
            if spins == UInt64.max { spins = 0 }
        }
        return dout
    }
}
