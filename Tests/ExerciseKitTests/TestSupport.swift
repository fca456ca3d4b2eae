// Helpers shared by the ExerciseKit tests: deterministic data and naive reference kernels
// written with plain index arithmetic, independent of the library's fast paths.

import ExerciseKit

/// A deterministic tensor whose elements are small integers in -4...4, so that sums and
/// products are exact in `Double` whatever the summation order.
func integerTensor(_ shape: [Int], seed: UInt64) -> Tensor {
    var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
    let count = shape.reduce(1, *)
    let scalars = (0..<count).map { _ -> Double in
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Double(Int(state >> 33) % 9 - 4)
    }
    return Tensor(shape: shape, scalars: scalars)
}

/// Row-major multi-indices of a shape, in order.
func allIndices(_ shape: [Int]) -> [[Int]] {
    var result: [[Int]] = [[]]
    for dimension in shape {
        result = result.flatMap { prefix in (0..<dimension).map { prefix + [$0] } }
    }
    return result
}

/// Row-major offset of an index.
func offset(_ index: [Int], in shape: [Int]) -> Int {
    zip(index, shape).reduce(0) { $0 * $1.1 + $1.0 }
}

/// numpy broadcasting, element by element: the reference for the operators.
func naiveBroadcast(_ a: Tensor, _ b: Tensor, _ op: (Double, Double) -> Double) -> Tensor? {
    let rank = max(a.rank, b.rank)
    let pa = Array(repeating: 1, count: rank - a.rank) + a.shape
    let pb = Array(repeating: 1, count: rank - b.rank) + b.shape
    var shape: [Int] = []
    for (x, y) in zip(pa, pb) {
        guard x == y || x == 1 || y == 1 else { return nil }
        shape.append(x == 1 ? y : x)
    }
    let scalars = allIndices(shape).map { index -> Double in
        let ia = zip(index, pa).map { $1 == 1 ? 0 : $0 }
        let ib = zip(index, pb).map { $1 == 1 ? 0 : $0 }
        return op(a.scalars[offset(ia, in: pa)], b.scalars[offset(ib, in: pb)])
    }
    return Tensor(shape: shape, scalars: scalars)
}

/// The textbook triple loop for (m, k)·(k, n).
func naiveMatmul(_ a: Tensor, _ b: Tensor) -> Tensor {
    let (m, k, n) = (a.shape[0], a.shape[1], b.shape[1])
    var result = Tensor.zeros([m, n])
    for i in 0..<m {
        for j in 0..<n {
            var sum = 0.0
            for p in 0..<k {
                sum += a[i, p] * b[p, j]
            }
            result[i, j] = sum
        }
    }
    return result
}
