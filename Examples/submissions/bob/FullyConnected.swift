// Sample submission (bob): correct, but written with plain loops over `scalars`, and backward
// recomputes the flattened input instead of using a cached one. Expected: full marks.
import ExerciseKit

final class FullyConnected {
    let W: Tensor
    let b: Tensor
    var dW: Tensor?
    var db: Tensor?
    var input: Tensor?

    init(W: Tensor, b: Tensor) {
        self.W = W
        self.b = b
    }

    func forward(_ x: Tensor) -> Tensor {
        input = x
        let batch = x.shape[0]
        let inSize = W.shape[0]
        let outSize = W.shape[1]
        var out = [Double](repeating: 0, count: batch * outSize)
        for i in 0..<batch {
            for j in 0..<outSize {
                var total = b.scalars[j]
                for k in 0..<inSize {
                    total += x.scalars[i * inSize + k] * W.scalars[k * outSize + j]
                }
                out[i * outSize + j] = total
            }
        }
        return Tensor(shape: [batch, outSize], scalars: out)
    }

    func backward(_ dout: Tensor) -> Tensor {
        // ---- Begin your code ----
        let x = input!
        let batch = x.shape[0]
        let inSize = W.shape[0]
        let outSize = W.shape[1]
        var dx = [Double](repeating: 0, count: batch * inSize)
        var dw = [Double](repeating: 0, count: inSize * outSize)
        var dbias = [Double](repeating: 0, count: outSize)
        for i in 0..<batch {
            for j in 0..<outSize {
                let g = dout.scalars[i * outSize + j]
                dbias[j] += g
                for k in 0..<inSize {
                    // x is still in its original shape, but row-major order makes row i of the
                    // flattened input the same scalars.
                    dw[k * outSize + j] += x.scalars[i * inSize + k] * g
                    dx[i * inSize + k] += g * W.scalars[k * outSize + j]
                }
            }
        }
        dW = Tensor(shape: [inSize, outSize], scalars: dw)
        db = Tensor(shape: [outSize], scalars: dbias)
        return Tensor(shape: x.shape, scalars: dx)
        // ---- End your code ----
    }
}
