// The shape rules of the operations (which shapes broadcast, multiply and reduce) and the message
// of each trap when they do not; pure, so the tests check them without crashing.

extension Tensor {
    /// The message of a failed reshape.
    ///
    /// - Parameters:
    ///   - shape: The tensor's shape.
    ///   - requested: The shape asked for.
    /// - Returns: A message naming both shapes.
    static func reshapeMessage(from shape: [Int], to requested: [Int]) -> String {
        "cannot reshape a tensor of shape \(shape) (\(product(shape)) scalars) into shape \(requested)"
    }

    /// The numpy broadcast of two shapes: align from the right; each pair of dimensions must be
    /// equal or one of them `1`, and the result takes the larger.
    ///
    /// - Parameters:
    ///   - lhs: A shape.
    ///   - rhs: Another shape.
    /// - Returns: The broadcast shape, or `nil` if the shapes are incompatible.
    /// - Complexity: O(rank).
    static func broadcastShape(_ lhs: [Int], _ rhs: [Int]) -> [Int]? {
        if lhs == rhs {
            return lhs
        }
        let rank = Swift.max(lhs.count, rhs.count)
        var result = [Int](repeating: 1, count: rank)
        for position in 0..<rank {
            let left = position < rank - lhs.count ? 1 : lhs[position - (rank - lhs.count)]
            let right = position < rank - rhs.count ? 1 : rhs[position - (rank - rhs.count)]
            if left == right || right == 1 {
                result[position] = left
            } else if left == 1 {
                result[position] = right
            } else {
                return nil
            }
        }
        return result
    }

    /// The message of a failed broadcast.
    ///
    /// - Parameters:
    ///   - lhs: The left operand's shape.
    ///   - rhs: The right operand's shape.
    /// - Returns: e.g. `cannot broadcast shapes [2, 3] and [4]`.
    static func broadcastMessage(_ lhs: [Int], _ rhs: [Int]) -> String {
        "cannot broadcast shapes \(lhs) and \(rhs)"
    }

    /// The message of an in-place operation whose result would not have the left operand's shape.
    ///
    /// - Parameters:
    ///   - operation: The operator, e.g. `+=`.
    ///   - lhs: The left operand's shape.
    ///   - rhs: The right operand's shape.
    /// - Returns: A message naming the operator and both shapes.
    static func inPlaceMessage(_ operation: String, _ lhs: [Int], _ rhs: [Int]) -> String {
        "cannot apply \(operation) in place: shape \(rhs) does not broadcast to the left operand's shape \(lhs)"
    }

    /// The message of `zipMap` with different shapes.
    ///
    /// - Parameters:
    ///   - lhs: The receiver's shape.
    ///   - rhs: The other tensor's shape.
    /// - Returns: A message naming both shapes.
    static func zipMapMessage(_ lhs: [Int], _ rhs: [Int]) -> String {
        "zipMap needs tensors of the same shape, got \(lhs) and \(rhs)"
    }

    /// The shape of a numpy-`dot`-style product, supporting ranks 1 and 2 on each side.
    ///
    /// `(m, k)·(k, n) -> (m, n)`, `(k)·(k, n) -> (n)`, `(m, k)·(k) -> (m)`, `(k)·(k) -> ()`.
    ///
    /// - Parameters:
    ///   - lhs: The left operand's shape.
    ///   - rhs: The right operand's shape.
    /// - Returns: The result shape, or `nil` if a rank is not 1 or 2 or the inner dimensions differ.
    static func matmulShape(_ lhs: [Int], _ rhs: [Int]) -> [Int]? {
        guard (1...2).contains(lhs.count), (1...2).contains(rhs.count) else {
            return nil
        }
        let inner = lhs[lhs.count - 1]
        let rhsInner = rhs[0]
        guard inner == rhsInner else {
            return nil
        }
        var result: [Int] = []
        if lhs.count == 2 {
            result.append(lhs[0])
        }
        if rhs.count == 2 {
            result.append(rhs[1])
        }
        return result
    }

    /// The message of a failed matrix product.
    ///
    /// - Parameters:
    ///   - lhs: The left operand's shape.
    ///   - rhs: The right operand's shape.
    /// - Returns: A message naming both shapes and what is wrong.
    static func matmulMessage(_ lhs: [Int], _ rhs: [Int]) -> String {
        guard (1...2).contains(lhs.count), (1...2).contains(rhs.count) else {
            return "cannot multiply shapes \(lhs) and \(rhs): matmul needs operands of rank 1 or 2"
        }
        return "cannot multiply shapes \(lhs) and \(rhs): inner dimensions "
            + "\(lhs[lhs.count - 1]) and \(rhs[0]) differ"
    }

    /// Maps a possibly negative axis into `0..<rank`.
    ///
    /// - Parameters:
    ///   - axis: The axis; `-1` is the last.
    ///   - rank: The tensor's rank.
    /// - Returns: The axis in `0..<rank`, or `nil` if it is out of range.
    static func normalizedAxis(_ axis: Int, rank: Int) -> Int? {
        let resolved = axis < 0 ? axis + rank : axis
        return resolved >= 0 && resolved < rank ? resolved : nil
    }

    /// The message of an axis out of range.
    ///
    /// - Parameters:
    ///   - axis: The axis asked for.
    ///   - shape: The tensor's shape.
    /// - Returns: A message naming the axis and the shape.
    static func axisMessage(_ axis: Int, shape: [Int]) -> String {
        "axis \(axis) is out of range for a tensor of shape \(shape)"
    }

    /// The message of a reduction with no elements to reduce.
    ///
    /// - Parameters:
    ///   - operation: The operation, e.g. `max()`.
    ///   - shape: The tensor's shape.
    /// - Returns: A message naming the operation and the shape.
    static func emptyReductionMessage(_ operation: String, shape: [Int]) -> String {
        "\(operation) of a tensor of shape \(shape) has no elements to reduce"
    }
}
