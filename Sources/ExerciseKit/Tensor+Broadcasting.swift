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
