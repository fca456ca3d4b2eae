// Hostile fixture abi-symbol-clash: a correct file that also defines a C function named
// bpg_abi_version, the grader's own ABI entry point, so the plugin cannot be built. Expected: the
// student's compileError (the grader's glue is fine: its self-check compiled the reference), with
// the compiler's message, never the grader's failure.
import ExerciseKit
import Glibc

@_cdecl("bpg_abi_version")
public func myVersion() -> Int32 { 99 }

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
        let keep = Tensor(shape: dout.shape, scalars: mask.map { $0 ? 0.0 : 1.0 })
        return dout * keep
    }
}
