// Sample submission (frank): ReLU.backward never returns. The while loop forgets to advance
// `i`, and the counter it bumps is a stored property, so the optimiser cannot drop the loop.
// Expected: a timeout verdict for ReLU.backward only; Sigmoid is correct and keeps its points.
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
        return dout * (1.0 - out!) * out!
        // ---- End your code ----
    }
}

final class ReLU {
    var mask: [Bool] = []
    var steps = 0

    init() {}

    func forward(_ x: Tensor) -> Tensor {
        mask = x.scalars.map { $0 <= 0 }
        return x.map { $0 > 0 ? $0 : 0 }
    }

    func backward(_ dout: Tensor) -> Tensor {
        // ---- Begin your code ----
        var dx = dout
        var i = 0
        while i < mask.count {
            if mask[i] {
                dx[flat: i] = 0
            }
            steps += 1
        }
        return dx
        // ---- End your code ----
    }
}
