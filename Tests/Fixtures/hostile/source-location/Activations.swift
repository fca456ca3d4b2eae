// Hostile fixture source-location: a compile error that a #sourceLocation directive places in a file
// named like the grader's glue for ReLU, to make it look like the grader's fault. Diagnostics are
// matched by their full path, which the submission cannot forge. Expected: the student's
// compileError, never the grader's failure.
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
        #sourceLocation(file:"BPGGlue_ReLU.swift",line:5)
        let broken: Int = "not a number"
        #sourceLocation()
        _ = broken
        let keep = Tensor(shape: dout.shape, scalars: mask.map { $0 ? 0.0 : 1.0 })
        return dout * keep
    }
}
