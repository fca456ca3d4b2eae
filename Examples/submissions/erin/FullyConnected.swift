// Sample submission (erin): crashes. The loop that sums db runs j over 0...outSize (a closed
// range, one step too far), so `sums[j]` traps with "Index out of range" on every case and
// backward never returns. Expected: 0 for all three FullyConnected quantities, with a crash
// verdict.
import ExerciseKit

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
        // ---- Begin your code ----
        let batch = dout.shape[0]
        let outSize = dout.shape[1]
        var sums = [Double](repeating: 0, count: outSize)
        for i in 0..<batch {
            for j in 0...outSize {
                sums[j] += dout.scalars[i * outSize + j]
            }
        }
        db = Tensor(sums)
        dW = x?.transposed().matmul(dout)
        return dout.matmul(W.transposed()).reshaped(originalXShape)
        // ---- End your code ----
    }
}
