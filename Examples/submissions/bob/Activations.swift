// Sample submission (bob): correct, but written with plain loops over `scalars`, and backward
// recomputes the forward values from the stored input. Expected: full marks.
import Foundation
import ExerciseKit

final class Sigmoid {
    var input: Tensor?

    init() {}

    func forward(_ x: Tensor) -> Tensor {
        input = x
        var y = [Double]()
        for v in x.scalars {
            y.append(1 / (1 + exp(-v)))
        }
        return Tensor(shape: x.shape, scalars: y)
    }

    func backward(_ dout: Tensor) -> Tensor {
        // ---- Begin your code ----
        let x = input!
        var dx = [Double]()
        for i in 0..<x.scalars.count {
            let y = 1 / (1 + exp(-x.scalars[i]))
            dx.append(dout.scalars[i] * (1 - y) * y)
        }
        return Tensor(shape: x.shape, scalars: dx)
        // ---- End your code ----
    }
}

final class ReLU {
    var input: Tensor?

    init() {}

    func forward(_ x: Tensor) -> Tensor {
        input = x
        var y = [Double]()
        for v in x.scalars {
            y.append(v > 0 ? v : 0)
        }
        return Tensor(shape: x.shape, scalars: y)
    }

    func backward(_ dout: Tensor) -> Tensor {
        // ---- Begin your code ----
        let x = input!
        var dx = [Double]()
        for i in 0..<x.scalars.count {
            if x.scalars[i] > 0 {
                dx.append(dout.scalars[i])
            } else {
                dx.append(0)
            }
        }
        return Tensor(shape: dout.shape, scalars: dx)
        // ---- End your code ----
    }
}
