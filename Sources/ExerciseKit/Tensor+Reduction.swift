// Reductions: over all elements, and along one axis like numpy's `axis=` argument.

extension Tensor {
    /// Returns the sum of all elements (`0` for an empty tensor).
    ///
    /// - Returns: The sum, accumulated in four interleaved partial sums.
    /// - Complexity: O(*n*).
    public func sum() -> Double {
        scalars.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else {
                return 0
            }
            return Tensor.contiguousSum(base, count: buffer.count)
        }
    }

    /// Returns the sums along one axis, like numpy's `x.sum(axis=axis, keepdims=...)`.
    ///
    /// For a matrix of shape `(B, D)`, axis `0` sums the rows into shape `(D)` (the bias gradient
    /// `db = dout.sum(axis=0)`) and axis `1` (or `-1`) sums each row into shape `(B)`.
    /// Summing along an empty axis gives zeros. Traps naming the axis and the shape if the axis
    /// is out of range.
    ///
    /// - Parameters:
    ///   - axis: The axis to sum over; negative values count from the end (`-1` is the last).
    ///   - keepingDimension: If `true`, the summed axis stays with size 1 (numpy's
    ///     `keepdims=True`), so the result broadcasts against `self`.
    /// - Returns: The sums, of `shape` without the axis (or with it set to 1).
    /// - Complexity: O(*n*).
    public func sum(alongAxis axis: Int, keepingDimension: Bool = false) -> Tensor {
        reduced(
            alongAxis: axis, keepingDimension: keepingDimension, operation: "sum(alongAxis: \(axis))",
            emptyAxisValue: 0
        ) { $0 + $1 }
    }

    /// Returns the arithmetic mean of all elements (NaN for an empty tensor, as in numpy).
    ///
    /// - Returns: `sum() / scalarCount`.
    /// - Complexity: O(*n*).
    public func mean() -> Double {
        sum() / Double(scalars.count)
    }

    /// Returns the means along one axis, like numpy's `x.mean(axis=axis, keepdims=...)`.
    ///
    /// Traps naming the axis and the shape if the axis is out of range; the mean along an empty
    /// axis is NaN.
    ///
    /// - Parameters:
    ///   - axis: The axis to average over; negative values count from the end.
    ///   - keepingDimension: If `true`, the averaged axis stays with size 1.
    /// - Returns: The means, of `shape` without the axis (or with it set to 1).
    /// - Complexity: O(*n*).
    public func mean(alongAxis axis: Int, keepingDimension: Bool = false) -> Tensor {
        let sums = sum(alongAxis: axis, keepingDimension: keepingDimension)
        let length = shape[Tensor.normalizedAxis(axis, rank: rank) ?? 0]
        return sums / Double(length)
    }

    /// Returns the largest element.
    ///
    /// NaN propagates: if any element is NaN the result is NaN, as with numpy's `max`.
    /// Traps for an empty tensor, naming its shape.
    ///
    /// - Returns: The maximum.
    /// - Complexity: O(*n*).
    public func max() -> Double {
        guard var best = scalars.first else {
            KitFailure.stop(Tensor.emptyReductionMessage("max()", shape: shape))
        }
        for value in scalars where value > best || value.isNaN {
            best = value
            if value.isNaN {
                break
            }
        }
        return best
    }

    /// Returns the smallest element.
    ///
    /// NaN propagates: if any element is NaN the result is NaN, as with numpy's `min`.
    /// Traps for an empty tensor, naming its shape.
    ///
    /// - Returns: The minimum.
    /// - Complexity: O(*n*).
    public func min() -> Double {
        guard var best = scalars.first else {
            KitFailure.stop(Tensor.emptyReductionMessage("min()", shape: shape))
        }
        for value in scalars where value < best || value.isNaN {
            best = value
            if value.isNaN {
                break
            }
        }
        return best
    }

    /// Returns the maxima along one axis, like numpy's `x.max(axis=axis, keepdims=...)`.
    ///
    /// The usual use is a numerically stable softmax:
    /// `x - x.max(alongAxis: 1, keepingDimension: true)`. NaN propagates. Traps naming the
    /// axis and the shape if the axis is out of range or has size 0.
    ///
    /// - Parameters:
    ///   - axis: The axis to reduce; negative values count from the end.
    ///   - keepingDimension: If `true`, the reduced axis stays with size 1.
    /// - Returns: The maxima, of `shape` without the axis (or with it set to 1).
    /// - Complexity: O(*n*).
    public func max(alongAxis axis: Int, keepingDimension: Bool = false) -> Tensor {
        reduced(
            alongAxis: axis, keepingDimension: keepingDimension, operation: "max(alongAxis: \(axis))",
            emptyAxisValue: nil
        ) { best, value in
            value > best || value.isNaN ? value : best
        }
    }

    /// Returns the minima along one axis, like numpy's `x.min(axis=axis, keepdims=...)`.
    ///
    /// NaN propagates. Traps naming the axis and the shape if the axis is out of range or has
    /// size 0.
    ///
    /// - Parameters:
    ///   - axis: The axis to reduce; negative values count from the end.
    ///   - keepingDimension: If `true`, the reduced axis stays with size 1.
    /// - Returns: The minima, of `shape` without the axis (or with it set to 1).
    /// - Complexity: O(*n*).
    public func min(alongAxis axis: Int, keepingDimension: Bool = false) -> Tensor {
        reduced(
            alongAxis: axis, keepingDimension: keepingDimension, operation: "min(alongAxis: \(axis))",
            emptyAxisValue: nil
        ) { best, value in
            value < best || value.isNaN ? value : best
        }
    }

    /// Returns the index of the largest element along one axis, like numpy's `x.argmax(axis=)`.
    ///
    /// For a matrix and axis `1` (or `-1`) this is one column index per row, e.g. the predicted
    /// class of each sample. In general the result lists, in row-major order of `shape` without
    /// `axis`, the position along `axis` of the maximum. Ties go to the first index; a NaN counts
    /// as the maximum (the first NaN wins), as in numpy. Traps naming the axis and the shape if
    /// the axis is out of range or has size 0.
    ///
    /// - Parameter axis: The axis to search; negative values count from the end.
    /// - Returns: One index in `0..<shape[axis]` per position of the other axes.
    /// - Complexity: O(*n*).
    public func argmax(alongAxis axis: Int) -> [Int] {
        guard let resolved = Tensor.normalizedAxis(axis, rank: rank) else {
            KitFailure.stop(Tensor.axisMessage(axis, shape: shape))
        }
        let (outer, length, inner) = splitting(at: resolved)
        if length == 0 {
            KitFailure.stop(Tensor.emptyReductionMessage("argmax(alongAxis: \(axis))", shape: shape))
        }
        var result = [Int](repeating: 0, count: outer * inner)
        var best = [Double](repeating: 0, count: inner)
        for o in 0..<outer {
            let base = o * length * inner
            for i in 0..<inner {
                best[i] = scalars[base + i]
            }
            for position in 1..<length {
                let row = base + position * inner
                for i in 0..<inner {
                    let value = scalars[row + i]
                    if (value > best[i] || value.isNaN) && !best[i].isNaN {
                        best[i] = value
                        result[o * inner + i] = position
                    }
                }
            }
        }
        return result
    }

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
    private func reduced(
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
