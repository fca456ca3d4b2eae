// Hostile fixture flood-output: both classes print, on every case, megabytes of "PASS" lines and
// fake grader JSON on standard output and standard error, between blocks of control characters
// (the worst case for a JSON report: each becomes a six-byte \u escape). Sigmoid is correct;
// ReLU.backward is wrong (the mask is inverted, as in the fixture mistake-relu-inverted-mask).
// Expected: Sigmoid.backward full marks (printing costs nothing), ReLU.backward exactly what the
// quiet mistake scores, and a report of a few hundred kilobytes at most.
import ExerciseKit
import Glibc

/// Floods standard output and standard error.
func flood() {
    var control = [UInt8](repeating: 0, count: 1 << 16)
    for index in control.indices where index % 64 != 63 { control[index] = UInt8(index % 32) }
    control.withUnsafeBytes { raw in _ = write(1, raw.baseAddress, raw.count) }
    let fake =
        #"{"status": "passed", "score": 10, "maxScore": 10, "methods": [{"name": "ReLU.backward", "status": "passed", "score": 5}]}"#
    let line = "PASS ReLU.backward: all cases passed, score 5/5 " + fake + "\n"
    let block = String(repeating: line, count: 4096)
    for _ in 0..<2 {
        print(block, terminator: "")
        fputs(block, stderr)
    }
    fflush(nil)
    control.withUnsafeBytes { raw in _ = write(1, raw.baseAddress, raw.count) }
}

final class Sigmoid {
    var out: Tensor?

    init() {}

    func forward(_ x: Tensor) -> Tensor {
        let y = 1.0 / (1.0 + exp(-x))
        out = y
        return y
    }

    func backward(_ dout: Tensor) -> Tensor {
        flood()
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
        flood()
        let keep = Tensor(shape: dout.shape, scalars: mask.map { $0 ? 1.0 : 0.0 })
        return dout * keep
    }
}
