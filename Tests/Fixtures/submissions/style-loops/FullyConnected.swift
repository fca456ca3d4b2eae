// Fixture style-loops: correct; every computation is a plain loop over `scalars`.
import ExerciseKit

final class FullyConnected {
    var W: Tensor
    var b: Tensor
    var dW: Tensor?
    var db: Tensor?
    var xFlat: [Double] = []
    var originalXShape: [Int] = []

    init(W: Tensor, b: Tensor) {
        self.W = W
        self.b = b
    }

    func forward(_ x: Tensor) -> Tensor {
        originalXShape = x.shape
        xFlat = x.scalars
        let n = x.shape[0]
        let din = W.shape[0]
        let dout = W.shape[1]
        var out = [Double](repeating: 0, count: n * dout)
        for i in 0..<n {
            for j in 0..<dout {
                var s = b.scalars[j]
                for k in 0..<din {
                    s += xFlat[i * din + k] * W.scalars[k * dout + j]
                }
                out[i * dout + j] = s
            }
        }
        return Tensor(shape: [n, dout], scalars: out)
    }

    func backward(_ dout: Tensor) -> Tensor {
        let n = dout.shape[0]
        let din = W.shape[0]
        let m = W.shape[1]
        var dx = [Double](repeating: 0, count: n * din)
        for i in 0..<n {
            for k in 0..<din {
                var s = 0.0
                for j in 0..<m {
                    s += dout.scalars[i * m + j] * W.scalars[k * m + j]
                }
                dx[i * din + k] = s
            }
        }
        var dw = [Double](repeating: 0, count: din * m)
        for k in 0..<din {
            for j in 0..<m {
                var s = 0.0
                for i in 0..<n {
                    s += xFlat[i * din + k] * dout.scalars[i * m + j]
                }
                dw[k * m + j] = s
            }
        }
        var dbias = [Double](repeating: 0, count: m)
        for i in 0..<n {
            for j in 0..<m {
                dbias[j] += dout.scalars[i * m + j]
            }
        }
        dW = Tensor(shape: [din, m], scalars: dw)
        db = Tensor(shape: [m], scalars: dbias)
        return Tensor(shape: originalXShape, scalars: dx)
    }
}
