// ExerciseKit: the Tensor value type that student submissions import.

/// A dense n-dimensional array of `Double` stored in row-major order, with value semantics.
///
/// A `Tensor` is a `shape` plus one flat `scalars` array. The last axis varies fastest:
/// the element at index `[i, j]` of a tensor of shape `[m, n]` is `scalars[i * n + j]`.
/// A shape of `[]` describes a scalar (one element); a dimension of `0` gives an empty tensor.
///
/// Copies are cheap and independent: the storage is a Swift `Array`, which is copied lazily on
/// the first mutation of a shared buffer (copy-on-write).
///
/// Misuse (a scalar count that does not match the shape, an index out of range, operands whose
/// shapes do not fit together) is a programming error and traps with a message that names the
/// offending shapes and values. The messages survive optimised builds.
public struct Tensor: Sendable {
    /// The size of each axis, outermost first; `[]` for a scalar.
    public private(set) var shape: [Int]

    /// The elements in row-major order; `scalars.count == scalarCount` always holds.
    ///
    /// This is the tensor's only stored array; it is shared between copies until one of them
    /// is mutated (copy-on-write).
    public private(set) var scalars: [Double]

    /// Creates a tensor with the given shape from scalars in row-major order.
    ///
    /// Traps if a dimension is negative or if `scalars.count` differs from the product of the
    /// dimensions, e.g. `Tensor(shape: [2, 3]) needs 6 scalars, got 5`. `shape: []` makes a
    /// scalar tensor and needs exactly one scalar.
    ///
    /// - Parameters:
    ///   - shape: The size of each axis, outermost first.
    ///   - scalars: The elements in row-major order.
    public init(shape: [Int], scalars: [Double]) {
        Tensor.trap(if: Tensor.shapeProblem(shape))
        Tensor.trap(if: Tensor.scalarCountProblem(shape: shape, count: scalars.count))
        self.shape = shape
        self.scalars = scalars
    }

    /// Creates a tensor without validating; the caller guarantees the count matches the shape.
    ///
    /// - Parameters:
    ///   - shape: A valid shape.
    ///   - scalars: Exactly `shape`'s product of elements, row-major.
    init(uncheckedShape shape: [Int], scalars: [Double]) {
        self.shape = shape
        self.scalars = scalars
    }

    /// Creates a 2-D tensor (a matrix) from an array of rows.
    ///
    /// The result has shape `[rows.count, rows[0].count]`; an empty array gives shape `[0, 0]`.
    /// Traps if the rows have different lengths, naming the first row that differs.
    ///
    /// - Parameter rows: The rows of the matrix, each of the same length.
    /// - Complexity: O(*n*) where *n* is the number of elements.
    public init(_ rows: [[Double]]) {
        Tensor.trap(if: Tensor.raggedRowsProblem(rows))
        let columns = rows.first?.count ?? 0
        var flat: [Double] = []
        flat.reserveCapacity(rows.count * columns)
        for row in rows {
            flat.append(contentsOf: row)
        }
        self.init(uncheckedShape: [rows.count, columns], scalars: flat)
    }

    /// Creates a 1-D tensor (a vector) of shape `[vector.count]`.
    ///
    /// - Parameter vector: The elements.
    public init(_ vector: [Double]) {
        self.init(uncheckedShape: [vector.count], scalars: vector)
    }

    /// Creates a tensor of the given shape with every element equal to `value`.
    ///
    /// Traps if a dimension is negative.
    ///
    /// - Parameters:
    ///   - value: The value of every element.
    ///   - shape: The size of each axis.
    public init(repeating value: Double, shape: [Int]) {
        Tensor.trap(if: Tensor.shapeProblem(shape))
        self.init(uncheckedShape: shape, scalars: Array(repeating: value, count: Tensor.product(shape)))
    }

    /// Returns a tensor of the given shape filled with zeros.
    ///
    /// - Parameter shape: The size of each axis; a negative dimension traps.
    /// - Returns: A tensor whose elements are all `0`.
    public static func zeros(_ shape: [Int]) -> Tensor {
        Tensor(repeating: 0, shape: shape)
    }

    /// Returns a tensor of zeros with the same shape as `other` (numpy's `zeros_like`).
    ///
    /// - Parameter other: The tensor whose shape to copy.
    /// - Returns: A tensor of shape `other.shape` whose elements are all `0`.
    public static func zeros(like other: Tensor) -> Tensor {
        Tensor(uncheckedShape: other.shape, scalars: Array(repeating: 0, count: other.scalars.count))
    }

    /// Returns a tensor of the given shape filled with ones.
    ///
    /// - Parameter shape: The size of each axis; a negative dimension traps.
    /// - Returns: A tensor whose elements are all `1`.
    public static func ones(_ shape: [Int]) -> Tensor {
        Tensor(repeating: 1, shape: shape)
    }

    /// The number of axes: `0` for a scalar, `1` for a vector, `2` for a matrix.
    public var rank: Int { shape.count }

    /// The number of elements, the product of the dimensions (`1` for a scalar).
    public var scalarCount: Int { scalars.count }

    /// Accesses the element at a multi-dimensional index, row-major.
    ///
    /// Pass one index per axis, e.g. `t[1, 2]` for a matrix and `t[]` for a scalar tensor.
    /// Traps if the number of indices differs from `rank` or an index is out of range, naming
    /// the index and the shape. Negative indices are not supported.
    ///
    /// - Parameter indices: One index per axis, each in `0..<shape[axis]`.
    /// - Complexity: O(`rank`).
    public subscript(_ indices: Int...) -> Double {
        get { scalars[flatOffset(of: indices)] }
        set { scalars[flatOffset(of: indices)] = newValue }
    }

    /// Accesses the element at a row-major offset into `scalars`.
    ///
    /// Traps if `index` is not in `0..<scalarCount`, naming the index and the shape.
    ///
    /// - Parameter index: The offset of the element in row-major order.
    public subscript(flat index: Int) -> Double {
        get {
            Tensor.trap(if: Tensor.flatIndexProblem(index, shape: shape, count: scalars.count))
            return scalars[index]
        }
        set {
            Tensor.trap(if: Tensor.flatIndexProblem(index, shape: shape, count: scalars.count))
            scalars[index] = newValue
        }
    }

    /// Returns the row-major offset of a multi-dimensional index, trapping if it is invalid.
    ///
    /// - Parameter indices: One index per axis.
    /// - Returns: The offset into `scalars`.
    func flatOffset(of indices: [Int]) -> Int {
        Tensor.trap(if: Tensor.indexProblem(indices, shape: shape))
        var offset = 0
        for axis in 0..<indices.count {
            offset = offset * shape[axis] + indices[axis]
        }
        return offset
    }

    /// Gives mutable access to the storage for kernels inside the module.
    ///
    /// - Parameter body: A closure that receives the (uniquely referenced) buffer.
    /// - Returns: What `body` returns.
    mutating func withMutableScalars<R>(_ body: (inout UnsafeMutableBufferPointer<Double>) -> R) -> R {
        scalars.withUnsafeMutableBufferPointer(body)
    }
}

extension Tensor: Equatable {
    /// Returns whether two tensors have the same shape and exactly equal elements.
    ///
    /// There is no tolerance: elements are compared with IEEE `==`, so `0.1 + 0.2` is not equal
    /// to `0.3`, `-0.0 == 0.0`, and a tensor that holds a NaN is not equal to itself.
    /// Approximate comparison belongs to the grader (GraderCore), which compares submissions
    /// against the references with its own absolute and relative tolerances.
    ///
    /// - Parameters:
    ///   - lhs: A tensor.
    ///   - rhs: Another tensor.
    /// - Returns: `true` if the shapes are equal and every pair of elements is `==`.
    /// - Complexity: O(*n*).
    public static func == (lhs: Tensor, rhs: Tensor) -> Bool {
        lhs.shape == rhs.shape && lhs.scalars == rhs.scalars
    }
}

extension Tensor: Hashable {
    /// Hashes the shape and the elements, consistent with `==` (`-0.0` and `0.0` hash alike).
    ///
    /// - Parameter hasher: The hasher to feed.
    /// - Complexity: O(*n*).
    public func hash(into hasher: inout Hasher) {
        hasher.combine(shape)
        hasher.combine(scalars)
    }
}
