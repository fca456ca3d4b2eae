// Hostile fixture kill-parent: on its first call ReLU.backward sends SIGKILL to its parent, to
// process 1 and to every process it may signal (kill(-1)), then returns the right gradient.
// Sigmoid is correct. Expected: the grader survives and goes on grading, both classes full marks
// (the signals reach nothing that matters: had one killed the worker's parent, ReLU would score 0).
import ExerciseKit
import Glibc

/// Whether the signals were sent (by the first case; the others only compute).
var sentSignals = false

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
        if !sentSignals {
            sentSignals = true
            var report: [String] = []
            for (name, target) in [("parent", getppid()), ("pid 1", pid_t(1)), ("everyone", pid_t(-1))] {
                let status = kill(target, SIGKILL)
                report.append("kill(\(name) = \(target)) returned \(status), errno \(status == 0 ? 0 : errno)")
            }
            print(report.joined(separator: "; "))
        }
        let keep = Tensor(shape: dout.shape, scalars: mask.map { $0 ? 0.0 : 1.0 })
        return dout * keep
    }
}
