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
}
