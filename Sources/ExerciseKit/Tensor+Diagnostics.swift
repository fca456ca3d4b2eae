// Shape validation and the messages of every trap, kept apart from the kernels so that the
// tests can check them without crashing (a trap cannot be caught in-process).

extension Tensor {
    /// Stops execution with `message` when it is non-nil.
    ///
    /// Uses ``KitFailure/stop(_:file:line:)`` rather than `precondition`, because `precondition` drops its message in
    /// optimised (-O) builds and a student needs to read which shapes did not fit.
    ///
    /// - Parameter message: The problem found, or `nil` if there is none.
    static func trap(if message: String?) {
        if let message {
            KitFailure.stop(message)
        }
    }

    /// A count with its noun, pluralised in English: `1 scalar`, `5 scalars`.
    ///
    /// - Parameters:
    ///   - count: The number.
    ///   - noun: The singular noun.
    /// - Returns: e.g. `6 scalars`.
    static func counted(_ count: Int, _ noun: String) -> String {
        "\(count) \(noun)\(count == 1 ? "" : "s")"
    }

    /// The product of the dimensions of a valid shape (`1` for `[]`).
    ///
    /// - Parameter shape: A shape without negative dimensions.
    /// - Returns: The number of elements.
    static func product(_ shape: [Int]) -> Int {
        var result = 1
        for dimension in shape {
            result &*= dimension
        }
        return result
    }

    /// Describes what is wrong with a shape: a negative dimension or an element count that
    /// overflows `Int`.
    ///
    /// - Parameter shape: The shape to check.
    /// - Returns: A message, or `nil` if the shape is valid.
    static func shapeProblem(_ shape: [Int]) -> String? {
        if let negative = shape.first(where: { $0 < 0 }) {
            return "Tensor(shape: \(shape)) has a negative dimension \(negative)"
        }
        var count = 1
        for dimension in shape {
            let (next, overflow) = count.multipliedReportingOverflow(by: dimension)
            if overflow {
                return "Tensor(shape: \(shape)) has too many elements to count"
            }
            count = next
        }
        return nil
    }

    /// Describes a mismatch between a shape and a number of scalars.
    ///
    /// - Parameters:
    ///   - shape: A valid shape.
    ///   - count: The number of scalars supplied.
    /// - Returns: e.g. `Tensor(shape: [2, 3]) needs 6 scalars, got 5`, or `nil` if they match.
    static func scalarCountProblem(shape: [Int], count: Int) -> String? {
        let needed = product(shape)
        if needed == count {
            return nil
        }
        return "Tensor(shape: \(shape)) needs \(counted(needed, "scalar")), got \(count)"
    }

    /// Describes the first row of a nested array whose length differs from row 0.
    ///
    /// - Parameter rows: The rows given to `Tensor.init(_:)`.
    /// - Returns: A message naming the row and both lengths, or `nil` if the rows are rectangular.
    static func raggedRowsProblem(_ rows: [[Double]]) -> String? {
        guard let expected = rows.first?.count else {
            return nil
        }
        for (index, row) in rows.enumerated() where row.count != expected {
            return "Tensor(rows): row \(index) has \(counted(row.count, "scalar")), but row 0 has \(expected)"
        }
        return nil
    }

    /// Describes a multi-dimensional index that does not address an element of `shape`.
    ///
    /// - Parameters:
    ///   - indices: One index per axis.
    ///   - shape: The tensor's shape.
    /// - Returns: A message naming the index and the shape, or `nil` if the index is valid.
    static func indexProblem(_ indices: [Int], shape: [Int]) -> String? {
        if indices.count != shape.count {
            return "index \(indices) has \(counted(indices.count, "component")), "
                + "but a tensor of shape \(shape) needs \(shape.count)"
        }
        for axis in 0..<indices.count where indices[axis] < 0 || indices[axis] >= shape[axis] {
            return "index \(indices) is out of range for a tensor of shape \(shape) "
                + "(axis \(axis) has size \(shape[axis]))"
        }
        return nil
    }

    /// Describes a row-major offset outside `0..<count`.
    ///
    /// - Parameters:
    ///   - index: The offset.
    ///   - shape: The tensor's shape.
    ///   - count: The tensor's number of elements.
    /// - Returns: A message naming the offset and the shape, or `nil` if the offset is valid.
    static func flatIndexProblem(_ index: Int, shape: [Int], count: Int) -> String? {
        if index >= 0 && index < count {
            return nil
        }
        return "flat index \(index) is out of range for a tensor of shape \(shape) (\(count) scalars)"
    }

    /// Resolves a requested shape (with at most one `-1`) for `count` elements.
    ///
    /// - Parameters:
    ///   - requested: The requested shape; one dimension may be `-1`, to be inferred.
    ///   - count: The number of elements to lay out.
    /// - Returns: The shape with `-1` replaced, or `nil` if no such shape exists: more than one
    ///   `-1`, another negative dimension, a product that differs from `count`, or a `-1`
    ///   next to a zero dimension (ambiguous).
    static func resolvedShape(_ requested: [Int], count: Int) -> [Int]? {
        let inferred = requested.indices.filter { requested[$0] == -1 }
        if inferred.count > 1 || requested.contains(where: { $0 < -1 }) {
            return nil
        }
        var known = 1
        for dimension in requested where dimension != -1 {
            let (next, overflow) = known.multipliedReportingOverflow(by: dimension)
            if overflow {
                return nil
            }
            known = next
        }
        guard let axis = inferred.first else {
            return known == count ? requested : nil
        }
        if known == 0 || count % known != 0 {
            return nil
        }
        var result = requested
        result[axis] = count / known
        return result
    }
}
