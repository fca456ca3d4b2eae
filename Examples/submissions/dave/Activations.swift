// Sample submission (dave): two classic mistakes, one per class.
// - Sigmoid.backward applies the derivative formula to the input x instead of the output y:
//   dout·(1 − x)·x.
// - ReLU.backward rebuilds its own mask with x < 0 instead of x <= 0, so it lets the gradient
//   through at exactly x = 0 (it fails only on cases that contain exact zeros).
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
        let x = self.x!
        return dout * (1.0 - x) * x
        // ---- End your code ----
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
        // ---- Begin your code ----
        let negative = x!.scalars.map { $0 < 0 }
        var dx = dout
        for i in 0..<negative.count where negative[i] {
            dx[flat: i] = 0
        }
        return dx
        // ---- End your code ----
    }
}
