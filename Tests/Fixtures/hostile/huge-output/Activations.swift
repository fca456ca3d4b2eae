// Hostile fixture huge-output: an honest ReLU.backward with a bug that returns 8 million
// elements (64 MB). The worker sends back only its shape (it is far larger than the expected one),
// so it is a wrong shape, not an accusation of writing on the grader's channel. Expected:
// ReLU.backward wrongShape, Sigmoid full marks, a small report.
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
        Tensor(shape: [8_000_000], scalars: [Double](repeating: 0.5, count: 8_000_000))
    }
}
