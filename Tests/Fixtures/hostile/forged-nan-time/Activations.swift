// Hostile fixture forged-nan-time: ReLU.backward writes a forged result frame for case 0 whose time
// is NaN, which a report could not even encode. Expected: ReLU.backward protocolViolation (a report
// all the same, never a lost one), Sigmoid full marks.
import ExerciseKit
import Glibc

/// Writes a frame on the grader's result channel (descriptor 4): magic "BPGR", then kind, index,
/// extra, the seconds' bits and the payload's length, little-endian.
func forge(kind: UInt32, index: UInt32, seconds: Double, length: UInt64, payload: [UInt8] = []) {
    var frame: [UInt8] = []
    for word: UInt32 in [0x5247_5042, kind, index, 0] { withUnsafeBytes(of: word.littleEndian) { frame += $0 } }
    withUnsafeBytes(of: seconds.bitPattern.littleEndian) { frame += $0 }
    withUnsafeBytes(of: length.littleEndian) { frame += $0 }
    frame += payload
    frame.withUnsafeBytes { raw in
        if let base = raw.baseAddress { _ = write(4, base, raw.count) }
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
        forge(kind: 2, index: 0, seconds: .nan, length: 0)
        let keep = Tensor(shape: dout.shape, scalars: mask.map { $0 ? 0.0 : 1.0 })
        return dout * keep
    }
}
