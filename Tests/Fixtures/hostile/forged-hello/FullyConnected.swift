// Hostile fixture forged-hello: a correct FullyConnected whose backward also writes a forged
// "hello" frame on the grader's result channel (descriptor 4), claiming that no isolation
// mechanism is in force, to falsify the report's `sandbox` list. Expected: every FullyConnected
// quantity protocolViolation (the channel is the grader's), and the report's `sandbox` list still
// names the mechanisms the worker really had.
import ExerciseKit
import Glibc

final class FullyConnected {
    let W: Tensor
    let b: Tensor
    var dW: Tensor?
    var db: Tensor?
    var x: Tensor?
    var originalXShape: [Int] = []

    init(W: Tensor, b: Tensor) {
        self.W = W
        self.b = b
    }

    func forward(_ x: Tensor) -> Tensor {
        originalXShape = x.shape
        let flat = x.flattenedBatch()
        self.x = flat
        return flat.matmul(W) + b
    }

    func backward(_ dout: Tensor) -> Tensor {
        // magic "BPGR", kind 1 (hello), index 6, extra 0 (no mechanisms), seconds 0, no payload.
        var frame: [UInt8] = []
        for word: UInt32 in [0x5247_5042, 1, 6, 0, 0, 0, 0, 0] {
            withUnsafeBytes(of: word.littleEndian) { frame.append(contentsOf: $0) }
        }
        frame.withUnsafeBytes { raw in
            if let base = raw.baseAddress { _ = write(4, base, raw.count) }
        }
        db = dout.sum(alongAxis: 0)
        dW = x?.transposed().matmul(dout)
        return dout.matmul(W.transposed()).reshaped(originalXShape)
    }
}
