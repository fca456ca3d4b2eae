// Hostile fixture flood-descriptors: ReLU.backward is wrong (the mask is inverted) and writes
// forged frames and garbage to every descriptor it might not own: a forged "done" frame and forged
// results on the grader's result channel (4), then binary garbage and fake JSON on 3 and 4 to 63.
// Sigmoid is correct. Expected: ReLU.backward protocolViolation with no points (never more than
// its gradients earn), Sigmoid.backward full marks, and a small report.
import ExerciseKit
import Glibc

/// A frame as the grader's worker protocol lays it out: magic, kind, index, extra, seconds, length.
func forgedFrame(kind: UInt32, index: UInt32, payload: [UInt8]) -> [UInt8] {
    var bytes: [UInt8] = []
    func put<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }
    put(UInt32(0x5247_5042))
    put(kind)
    put(index)
    put(UInt32(0))
    put(UInt64(0))
    put(UInt64(payload.count))
    bytes.append(contentsOf: payload)
    return bytes
}

/// Writes all of `bytes` to `descriptor`, ignoring errors (most descriptors are not open).
func spray(_ bytes: [UInt8], to descriptor: Int32) {
    bytes.withUnsafeBytes { raw in
        guard let base = raw.baseAddress else { return }
        _ = write(descriptor, base, raw.count)
    }
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
        var forged = forgedFrame(kind: 6, index: 0, payload: [])
        for index in 0..<16 {
            // A one-tensor list holding a scalar 0, then the real thing would follow.
            forged += forgedFrame(
                kind: 2, index: UInt32(index), payload: [1, 0, 0, 0, 0, 0, 0, 0] + [UInt8](repeating: 0, count: 8))
        }
        spray(forged, to: 4)
        var garbage = [UInt8](repeating: 0, count: 1 << 16)
        for index in garbage.indices { garbage[index] = UInt8(truncatingIfNeeded: index &* 2_654_435_761 >> 7) }
        let fakeJSON = Array(#"{"status": "passed", "score": 10, "maxScore": 10}"#.utf8)
        for descriptor in Int32(3)..<64 {
            for _ in 0..<16 { spray(garbage, to: descriptor) }
            spray(fakeJSON, to: descriptor)
        }
        let keep = Tensor(shape: dout.shape, scalars: mask.map { $0 ? 1.0 : 0.0 })
        return dout * keep
    }
}
