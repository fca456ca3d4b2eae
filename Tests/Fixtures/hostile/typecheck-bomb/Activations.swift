// Hostile fixture typecheck-bomb: an expression the type checker gives up on (mixed integer and
// floating-point literals). Expected: compileError naming Activations.swift and the line, with the
// compiler's "unable to type-check" message, not a compile that runs until the time limit.
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
        let scale = 1 + 2.0 * 3 - 4 / 5 + 6 * 7.0 - 8 + 9 * 1.5 - 2 / 3 + 4 * 5.5 - 6 + 7 * 8.5 - 9 / 2 + 3 * 4.5
        _ = scale
        let keep = Tensor(shape: dout.shape, scalars: mask.map { $0 ? 0.0 : 1.0 })
        return dout * keep
    }
}
