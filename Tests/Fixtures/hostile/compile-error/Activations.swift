// Hostile fixture compile-error: ReLU.backward assigns a String to a Double (the test finds the
// line by the comment on it). Expected: status compileError, every method compileError with
// no points, and diagnostics naming this file and line, without any of the grader's glue files.
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
        let scale: Double = "one"  // bpg-hostile: the compile error
        return dout * scale
    }
}
