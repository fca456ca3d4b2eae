// Micro-benchmark of ExerciseKit's hot paths; built and run by run.sh.
// Prints the median wall time of 7 runs of each operation, in seconds.

import ExerciseKit

/// A deterministic pseudo-random tensor with elements in [-1, 1).
func randomTensor(_ shape: [Int], seed: UInt64) -> Tensor {
    var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
    let count = shape.reduce(1, *)
    var scalars = [Double]()
    scalars.reserveCapacity(count)
    for _ in 0..<count {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        scalars.append(Double(state >> 11) / Double(1 << 53) * 2 - 1)
    }
    return Tensor(shape: shape, scalars: scalars)
}

/// Runs `body` 7 times (after one warm-up) and returns the median wall time in seconds.
func medianSeconds(_ body: () -> Double) -> (seconds: Double, checksum: Double) {
    var checksum = body()
    var times: [Double] = []
    let clock = ContinuousClock()
    for _ in 0..<7 {
        let elapsed = clock.measure { checksum += body() }
        let (seconds, attoseconds) = elapsed.components
        times.append(Double(seconds) + Double(attoseconds) * 1e-18)
    }
    times.sort()
    return (times[3], checksum)
}

let a = randomTensor([256, 784], seed: 1)
let w = randomTensor([784, 512], seed: 2)
let x = randomTensor([256, 512], seed: 3)
let b = randomTensor([512], seed: 4)

let matmul = medianSeconds { a.matmul(w)[flat: 0] }
let add = medianSeconds { (x + b)[flat: 0] }

print("matmul (256x784)·(784x512): median of 7 = \(matmul.seconds) s")
print("broadcast add (256,512)+(512): median of 7 = \(add.seconds) s")
print("(checksum \(matmul.checksum + add.checksum))")
