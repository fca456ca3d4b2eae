import ExerciseKit
// Fixture style-loops: correct; every computation is a plain loop over `scalars`.
import Foundation

final class Sigmoid {
    var out: [Double] = []
    var shape: [Int] = []

    init() {}

    func forward(_ x: Tensor) -> Tensor {
        shape = x.shape
        out = []
        for v in x.scalars {
            out.append(1.0 / (1.0 + exp(-v)))
        }
        return Tensor(shape: shape, scalars: out)
    }

    func backward(_ dout: Tensor) -> Tensor {
        var dx = [Double](repeating: 0, count: out.count)
        for i in 0..<out.count {
            dx[i] = dout.scalars[i] * (1.0 - out[i]) * out[i]
        }
        return Tensor(shape: shape, scalars: dx)
    }
}

final class ReLU {
    var mask: [Bool] = []

    init() {}

    func forward(_ x: Tensor) -> Tensor {
        mask = []
        var out: [Double] = []
        for v in x.scalars {
            mask.append(v <= 0)
            out.append(v <= 0 ? 0 : v)
        }
        return Tensor(shape: x.shape, scalars: out)
    }

    func backward(_ dout: Tensor) -> Tensor {
        var dx = dout.scalars
        for i in 0..<dx.count {
            if mask[i] {
                dx[i] = 0
            }
        }
        return Tensor(shape: dout.shape, scalars: dx)
    }
}
