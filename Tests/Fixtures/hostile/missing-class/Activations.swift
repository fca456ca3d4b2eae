// Hostile fixture missing-class: only Sigmoid (correct); ReLU was never written. Expected:
// ReLU.backward missingMember naming ReLU, Sigmoid.backward full marks.
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
