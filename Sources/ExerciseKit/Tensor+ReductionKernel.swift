// The reduction kernels behind sum, mean, max and min along an axis.

extension Tensor {
    /// Splits the shape around an axis into the element counts before it, along it and after it.
    ///
    /// - Parameter axis: A valid axis.
    /// - Returns: `(outer, length, inner)` with `outer * length * inner == scalarCount`.
    func splitting(at axis: Int) -> (outer: Int, length: Int, inner: Int) {
        (Tensor.product(Array(shape[..<axis])), shape[axis], Tensor.product(Array(shape[(axis + 1)...])))
    }

    /// Reduces along an axis with a binary operation, seeded with the first slice.
    ///
    /// - Parameters:
    ///   - axis: The axis, possibly negative.
    ///   - keepingDimension: Whether the axis stays with size 1.
    ///   - operation: The operation's spelling, for messages.
    ///   - emptyAxisValue: The result for an axis of size 0, or `nil` to trap.
    ///   - combine: Folds one more element into the running value.
    /// - Returns: The reduced tensor.
    @inline(__always)
    func reduced(
        alongAxis axis: Int, keepingDimension: Bool, operation: @autoclosure () -> String,
        emptyAxisValue: Double?, _ combine: (Double, Double) -> Double
    ) -> Tensor {
        guard let resolved = Tensor.normalizedAxis(axis, rank: rank) else {
            KitFailure.stop(Tensor.axisMessage(axis, shape: shape))
        }
        var resultShape = shape
        if keepingDimension {
            resultShape[resolved] = 1
        } else {
            resultShape.remove(at: resolved)
        }
        let (outer, length, inner) = splitting(at: resolved)
        let count = outer * inner
        if length == 0 {
            guard let emptyAxisValue else {
                KitFailure.stop(Tensor.emptyReductionMessage(operation(), shape: shape))
            }
            return Tensor(uncheckedShape: resultShape, scalars: [Double](repeating: emptyAxisValue, count: count))
        }
        let result = [Double](unsafeUninitializedCapacity: count) { output, initialized in
            scalars.withUnsafeBufferPointer { input in
                guard let source = input.baseAddress, let target = output.baseAddress else {
                    return
                }
                for o in 0..<outer {
                    let block = source + o * length * inner
                    let out = target + o * inner
                    if inner == 1 {
                        // Reducing the last axis: fold each contiguous row.
                        var value = block[0]
                        for position in 1..<length {
                            value = combine(value, block[position])
                        }
                        out[0] = value
                    } else {
                        // Reducing an outer axis: fold whole contiguous rows element-wise.
                        for i in 0..<inner {
                            out[i] = block[i]
                        }
                        for position in 1..<length {
                            let row = block + position * inner
                            for i in 0..<inner {
                                out[i] = combine(out[i], row[i])
                            }
                        }
                    }
                }
            }
            initialized = count
        }
        return Tensor(uncheckedShape: resultShape, scalars: result)
    }

    /// The sum of a contiguous run of doubles, with four partial sums so the loop pipelines.
    ///
    /// - Parameters:
    ///   - base: The first element.
    ///   - count: The number of elements.
    /// - Returns: The sum.
    static func contiguousSum(_ base: UnsafePointer<Double>, count: Int) -> Double {
        var s0 = 0.0
        var s1 = 0.0
        var s2 = 0.0
        var s3 = 0.0
        var i = 0
        while i + 4 <= count {
            s0 += base[i]
            s1 += base[i + 1]
            s2 += base[i + 2]
            s3 += base[i + 3]
            i += 4
        }
        while i < count {
            s0 += base[i]
            i += 1
        }
        return (s0 + s1) + (s2 + s3)
    }
}
