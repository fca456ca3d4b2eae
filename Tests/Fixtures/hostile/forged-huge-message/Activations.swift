// Hostile fixture forged-huge-message: ReLU.backward announces a 60 MB "plugin could not load"
// message on the grader's channel and starts writing it. The grader refuses the frame from its
// header, keeps nothing of it, and stops the worker. Expected: ReLU.backward protocolViolation, a
// small report, Sigmoid full marks.
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
        let size = 60 << 20
        forge(kind: 4, index: 0, seconds: 0, length: UInt64(size))
        let chunk = [UInt8](repeating: 0x41, count: 1 << 20)
        for _ in 0..<(size >> 20) {
            chunk.withUnsafeBytes { raw in _ = write(4, raw.baseAddress, raw.count) }
        }
        let keep = Tensor(shape: dout.shape, scalars: mask.map { $0 ? 0.0 : 1.0 })
        return dout * keep
    }
}
