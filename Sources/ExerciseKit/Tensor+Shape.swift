// Reshaping and transposing.

extension Tensor {
    /// Returns the same elements, in the same row-major order, under a new shape.
    ///
    /// One dimension may be `-1`; it is inferred from the element count, as in numpy's
    /// `reshape`. Traps naming both shapes if the counts differ, if there is more than one `-1`,
    /// or if a dimension is otherwise negative.
    ///
    /// - Parameter newShape: The new shape, with at most one `-1`.
    /// - Returns: A tensor of the resolved shape sharing this tensor's storage until mutated.
    /// - Complexity: O(rank); the elements are not copied.
    public func reshaped(_ newShape: [Int]) -> Tensor {
        guard let resolved = Tensor.resolvedShape(newShape, count: scalars.count) else {
            KitFailure.stop(Tensor.reshapeMessage(from: shape, to: newShape))
        }
        return Tensor(uncheckedShape: resolved, scalars: scalars)
    }

    /// Returns the same elements under a new shape given as a list, e.g. `x.reshaped(2, -1)`.
    ///
    /// - Parameter newShape: The new shape, with at most one `-1`.
    /// - Returns: A tensor of the resolved shape; see `reshaped(_:)` taking an array.
    /// - Complexity: O(rank); the elements are not copied.
    public func reshaped(_ newShape: Int...) -> Tensor {
        reshaped(newShape)
    }

    /// Flattens every axis but the first: `(B, d1, d2, ...)` becomes `(B, d1 * d2 * ...)`.
    ///
    /// The numpy equivalent is `x.reshape(x.shape[0], -1)`; a vector of shape `(B)` becomes
    /// `(B, 1)`. Traps for a scalar (rank 0).
    ///
    /// - Returns: A rank-2 tensor with the same elements in the same order.
    /// - Complexity: O(rank); the elements are not copied.
    public func flattenedBatch() -> Tensor {
        guard let batch = shape.first else {
            KitFailure.stop("flattenedBatch() needs a tensor of rank at least 1, got shape \(shape)")
        }
        let rest = Tensor.product(Array(shape.dropFirst()))
        return Tensor(uncheckedShape: [batch, rest], scalars: scalars)
    }

    /// Returns the transpose, like numpy's `.T`.
    ///
    /// A matrix of shape `(m, n)` becomes `(n, m)` with `result[j, i] == self[i, j]`. A scalar or
    /// a vector is returned unchanged. For rank above 2 all axes are reversed:
    /// shape `(a, b, c)` becomes `(c, b, a)`.
    ///
    /// - Returns: The transposed tensor.
    /// - Complexity: O(*n*); matrices are transposed in cache-friendly tiles.
    public func transposed() -> Tensor {
        switch rank {
        case 0, 1:
            return self
        case 2:
            return transposedMatrix()
        default:
            return reversedAxes()
        }
    }

    /// Transposes a rank-2 tensor tile by tile.
    ///
    /// - Returns: The `(n, m)` transpose of this `(m, n)` matrix.
    private func transposedMatrix() -> Tensor {
        let rows = shape[0]
        let columns = shape[1]
        let count = scalars.count
        let tile = 32
        let result = [Double](unsafeUninitializedCapacity: count) { output, initialized in
            scalars.withUnsafeBufferPointer { input in
                guard let source = input.baseAddress, let target = output.baseAddress else {
                    return
                }
                var rowStart = 0
                while rowStart < rows {
                    let rowEnd = Swift.min(rowStart + tile, rows)
                    var columnStart = 0
                    while columnStart < columns {
                        let columnEnd = Swift.min(columnStart + tile, columns)
                        for row in rowStart..<rowEnd {
                            let sourceRow = source + row * columns
                            for column in columnStart..<columnEnd {
                                (target + column * rows + row).initialize(to: sourceRow[column])
                            }
                        }
                        columnStart = columnEnd
                    }
                    rowStart = rowEnd
                }
            }
            initialized = count
        }
        return Tensor(uncheckedShape: [columns, rows], scalars: result)
    }

    /// Reverses all axes of a tensor of any rank (the general `.T`).
    ///
    /// - Returns: The tensor with shape reversed and `result[i_n, ..., i_1] == self[i_1, ..., i_n]`.
    private func reversedAxes() -> Tensor {
        let newShape = Array(shape.reversed())
        let count = scalars.count
        // Strides of the source, listed in the order of the result's axes.
        var sourceStrides = [Int](repeating: 1, count: rank)
        var step = 1
        for axis in stride(from: rank - 1, through: 0, by: -1) {
            sourceStrides[rank - 1 - axis] = step
            step *= shape[axis]
        }
        var result = [Double](repeating: 0, count: count)
        var counter = [Int](repeating: 0, count: rank)
        var sourceOffset = 0
        for position in 0..<count {
            result[position] = scalars[sourceOffset]
            // Advance the result's multi-index (last axis fastest), keeping sourceOffset in step.
            var axis = rank - 1
            while axis >= 0 {
                counter[axis] += 1
                sourceOffset += sourceStrides[axis]
                if counter[axis] < newShape[axis] {
                    break
                }
                sourceOffset -= sourceStrides[axis] * newShape[axis]
                counter[axis] = 0
                axis -= 1
            }
        }
        return Tensor(uncheckedShape: newShape, scalars: result)
    }
}
