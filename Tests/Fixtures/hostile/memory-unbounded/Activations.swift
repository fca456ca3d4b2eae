// Hostile fixture memory-unbounded: ReLU.backward grows an array (doubling its storage each
// time) until allocation fails at the worker's address-space limit. Sigmoid is correct.
// Expected: ReLU.backward memoryLimit, Sigmoid.backward full marks.
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
        var hoard: [Double] = []
        while true {
            // Grow the array's storage ahead of need, doubling it each time, and keep appending.
            hoard.reserveCapacity(max(1 << 20, hoard.capacity * 2))
            hoard.append(Double(hoard.count))
        }
        return Tensor(shape: dout.shape, scalars: hoard)
    }
}
