// Hostile fixture exit-in-backward: ReLU.backward ends the process with exit(0), as if all were
// well. Sigmoid is correct. Expected: ReLU.backward exitedWithoutResult, Sigmoid.backward full marks.
import ExerciseKit
import Glibc

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
        print("all tests passed, exiting")
        exit(0)
    }
}
