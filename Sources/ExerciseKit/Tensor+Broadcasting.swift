// The element-wise binary kernel with numpy broadcasting, shared by the arithmetic operators.

extension Tensor {
    /// How an operand's elements line up with the result's, chosen once per operation.
    enum BroadcastLayout: Equatable {
        /// The operand has the result's shape: element `i` pairs with result element `i`.
        case full
        /// The operand has one element, paired with every result element.
        case scalar
        /// The operand fills the result's trailing axes (e.g. `(D)` against `(B, D)`):
        /// result element `i` pairs with operand element `i % count`.
        case row
        /// The operand fills the result's leading axes (e.g. `(B, 1)` against `(B, D)`):
        /// result element `i` pairs with operand element `i / (resultCount / count)`.
        case column
        /// Any other pattern, handled with per-axis strides.
        case general
    }

    /// Classifies how an operand of `shape` broadcasts to `resultShape`.
    ///
    /// - Parameters:
    ///   - shape: The operand's shape, known to broadcast to `resultShape`.
    ///   - resultShape: The broadcast shape, with at least one element.
    /// - Returns: The fastest layout that describes the pairing.
    static func layout(of shape: [Int], in resultShape: [Int]) -> BroadcastLayout {
        let count = product(shape)
        let resultCount = product(resultShape)
        if count == resultCount {
            return .full
        }
        if count == 1 {
            return .scalar
        }
        let padded = [Int](repeating: 1, count: resultShape.count - shape.count) + shape
        // Row: ones, then the result's trailing dimensions.
        if let first = padded.firstIndex(where: { $0 != 1 }),
            padded[first...].elementsEqual(resultShape[first...])
        {
            return .row
        }
        // Column: the result's leading dimensions, then ones.
        if let last = padded.lastIndex(where: { $0 != 1 }),
            padded[...last].elementsEqual(resultShape[...last])
        {
            return .column
        }
        return .general
    }

    /// Row-major strides of `shape` padded to `rank`, with `0` on every broadcast axis.
    ///
    /// - Parameters:
    ///   - shape: The operand's shape.
    ///   - resultShape: The broadcast shape.
    /// - Returns: One stride per axis of `resultShape`.
    static func broadcastStrides(of shape: [Int], in resultShape: [Int]) -> [Int] {
        let rank = resultShape.count
        let padded = [Int](repeating: 1, count: rank - shape.count) + shape
        var strides = [Int](repeating: 0, count: rank)
        var step = 1
        for axis in stride(from: rank - 1, through: 0, by: -1) {
            strides[axis] = padded[axis] == 1 ? 0 : step
            step *= padded[axis]
        }
        return strides
    }

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

    /// Returns the broadcast combination of two tensors.
    ///
    /// Traps with `cannot broadcast shapes [..] and [..]` if the shapes are incompatible.
    ///
    /// - Parameters:
    ///   - lhs: The left operand.
    ///   - rhs: The right operand.
    ///   - operation: The element-wise operation.
    /// - Returns: A tensor of the broadcast shape.
    @inline(__always)
    static func broadcasting(
        _ lhs: Tensor, _ rhs: Tensor, _ operation: (Double, Double) -> Double
    ) -> Tensor {
        guard let resultShape = broadcastShape(lhs.shape, rhs.shape) else {
            KitFailure.stop(broadcastMessage(lhs.shape, rhs.shape))
        }
        let count = product(resultShape)
        let result = [Double](unsafeUninitializedCapacity: count) { output, initialized in
            lhs.scalars.withUnsafeBufferPointer { left in
                rhs.scalars.withUnsafeBufferPointer { right in
                    if let a = left.baseAddress, let b = right.baseAddress, let out = output.baseAddress {
                        broadcastKernel(a, lhs.shape, b, rhs.shape, into: out, resultShape, operation)
                    }
                }
            }
            initialized = count
        }
        return Tensor(uncheckedShape: resultShape, scalars: result)
    }

    /// Updates `lhs` in place with the broadcast combination of `lhs` and `rhs`.
    ///
    /// Traps naming both shapes if `rhs` does not broadcast to `lhs.shape` (the result may not
    /// grow the left operand, as in numpy).
    ///
    /// - Parameters:
    ///   - lhs: The tensor to update.
    ///   - rhs: The right operand.
    ///   - name: The operator's spelling, for the message.
    ///   - operation: The element-wise operation.
    @inline(__always)
    static func broadcastingInPlace(
        _ lhs: inout Tensor, _ rhs: Tensor, _ name: String, _ operation: (Double, Double) -> Double
    ) {
        guard let resultShape = broadcastShape(lhs.shape, rhs.shape), resultShape == lhs.shape else {
            KitFailure.stop(inPlaceMessage(name, lhs.shape, rhs.shape))
        }
        let shape = lhs.shape
        lhs.withMutableScalars { target in
            rhs.scalars.withUnsafeBufferPointer { right in
                if let out = target.baseAddress, let b = right.baseAddress {
                    broadcastKernel(UnsafePointer(out), shape, b, rhs.shape, into: out, shape, operation)
                }
            }
        }
    }
}
