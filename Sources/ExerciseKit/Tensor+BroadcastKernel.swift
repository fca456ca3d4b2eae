// The loops of broadcasting: flat loops for the common layouts, a strided walk for the rest.

extension Tensor {
    /// Computes `out[i] = operation(a[α(i)], b[β(i)])` over the broadcast shape.
    ///
    /// `out` may be the same memory as `a` when `a` has the result's shape (in-place updates):
    /// every element of `a` is read before the result element at the same offset is written.
    /// The common layouts (same shape, scalar, row, column, on either side) run as flat
    /// loops without index arithmetic; others walk the result with per-axis strides.
    ///
    /// - Parameters:
    ///   - a: The left operand's elements.
    ///   - aShape: The left operand's shape.
    ///   - b: The right operand's elements.
    ///   - bShape: The right operand's shape.
    ///   - out: Storage for `product(resultShape)` results.
    ///   - resultShape: The broadcast of `aShape` and `bShape`.
    ///   - operation: The element-wise operation.
    /// - Complexity: O(*n*) for *n* result elements.
    @inline(__always)
    static func broadcastKernel(
        _ a: UnsafePointer<Double>, _ aShape: [Int],
        _ b: UnsafePointer<Double>, _ bShape: [Int],
        into out: UnsafeMutablePointer<Double>, _ resultShape: [Int],
        _ operation: (Double, Double) -> Double
    ) {
        let n = product(resultShape)
        if n == 0 {
            return
        }
        let aLayout = layout(of: aShape, in: resultShape)
        let bLayout = layout(of: bShape, in: resultShape)
        switch (aLayout, bLayout) {
        case (.full, .full):
            for i in 0..<n {
                out[i] = operation(a[i], b[i])
            }
        case (.full, .scalar):
            let y = b[0]
            for i in 0..<n {
                out[i] = operation(a[i], y)
            }
        case (.scalar, .full):
            let x = a[0]
            for i in 0..<n {
                out[i] = operation(x, b[i])
            }
        case (.full, .row):
            let width = product(bShape)
            var start = 0
            while start < n {
                let row = a + start
                let target = out + start
                for j in 0..<width {
                    target[j] = operation(row[j], b[j])
                }
                start += width
            }
        case (.row, .full):
            let width = product(aShape)
            var start = 0
            while start < n {
                let row = b + start
                let target = out + start
                for j in 0..<width {
                    target[j] = operation(a[j], row[j])
                }
                start += width
            }
        case (.full, .column):
            let rows = product(bShape)
            let width = n / rows
            for r in 0..<rows {
                let y = b[r]
                let row = a + r * width
                let target = out + r * width
                for j in 0..<width {
                    target[j] = operation(row[j], y)
                }
            }
        case (.column, .full):
            let rows = product(aShape)
            let width = n / rows
            for r in 0..<rows {
                let x = a[r]
                let row = b + r * width
                let target = out + r * width
                for j in 0..<width {
                    target[j] = operation(x, row[j])
                }
            }
        default:
            generalBroadcast(a, aShape, b, bShape, into: out, resultShape, operation)
        }
    }

    /// The strided fallback of `broadcastKernel`: walks the result row by row (over its last
    /// axis), advancing both operands' offsets with per-axis strides.
    ///
    /// - Parameters:
    ///   - a: The left operand's elements.
    ///   - aShape: The left operand's shape.
    ///   - b: The right operand's elements.
    ///   - bShape: The right operand's shape.
    ///   - out: Storage for the results.
    ///   - resultShape: The broadcast shape, with at least one element and rank at least 1.
    ///   - operation: The element-wise operation.
    @inline(__always)
    static func generalBroadcast(
        _ a: UnsafePointer<Double>, _ aShape: [Int],
        _ b: UnsafePointer<Double>, _ bShape: [Int],
        into out: UnsafeMutablePointer<Double>, _ resultShape: [Int],
        _ operation: (Double, Double) -> Double
    ) {
        let rank = resultShape.count
        let aStrides = broadcastStrides(of: aShape, in: resultShape)
        let bStrides = broadcastStrides(of: bShape, in: resultShape)
        let width = resultShape[rank - 1]
        let aStep = aStrides[rank - 1]
        let bStep = bStrides[rank - 1]
        let rows = product(resultShape) / width
        var counter = [Int](repeating: 0, count: rank)
        var aOffset = 0
        var bOffset = 0
        for row in 0..<rows {
            let target = out + row * width
            for j in 0..<width {
                target[j] = operation(a[aOffset + j * aStep], b[bOffset + j * bStep])
            }
            // Advance the multi-index over the axes before the last one.
            var axis = rank - 2
            while axis >= 0 {
                counter[axis] += 1
                aOffset += aStrides[axis]
                bOffset += bStrides[axis]
                if counter[axis] < resultShape[axis] {
                    break
                }
                aOffset -= aStrides[axis] * resultShape[axis]
                bOffset -= bStrides[axis] * resultShape[axis]
                counter[axis] = 0
                axis -= 1
            }
        }
    }
}
