// Hostile fixture trap-index-out-of-range: ReLU.backward reads one element past the end of its
// mask, which traps with "Index out of range". Sigmoid is correct. Expected: ReLU.backward
// crashed (the runtime's message and this file's name in the verdict), Sigmoid.backward full marks.
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
        var scalars = dout.scalars
        for index in 0...mask.count where mask[index] {
            scalars[index] = 0
        }
        return Tensor(shape: dout.shape, scalars: scalars)
    }
}
