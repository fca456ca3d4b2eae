// Sample submission (carol): correct. Expected: full marks for this exercise.
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
        guard let out else { fatalError("call forward first") }
        return dout * out * (1.0 - out)
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
        var dx = dout
        for i in 0..<mask.count where mask[i] {
            dx[flat: i] = 0
        }
        return dx
        // ---- End your code ----
    }
}
