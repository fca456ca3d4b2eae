// Element-wise arithmetic with numpy broadcasting.
//
// Shapes are aligned from the right; two dimensions fit if they are equal or one of them is 1,
// which stretches. So (B, D) + (D) adds a row to every row, (B, D) - (B, 1) subtracts a
// per-row value, and a Double operand acts like a scalar tensor.

extension Tensor {
    /// Adds two tensors element-wise, broadcasting like numpy.
    ///
    /// Traps with e.g. `cannot broadcast shapes [2, 3] and [4]` if the shapes do not fit.
    ///
    /// - Parameters:
    ///   - lhs: The left operand.
    ///   - rhs: The right operand.
    /// - Returns: A tensor of the broadcast shape.
    /// - Complexity: O(*n*) for *n* result elements.
    public static func + (lhs: Tensor, rhs: Tensor) -> Tensor {
        broadcasting(lhs, rhs) { $0 + $1 }
    }

    /// Subtracts two tensors element-wise, broadcasting like numpy.
    ///
    /// Traps with e.g. `cannot broadcast shapes [2, 3] and [4]` if the shapes do not fit.
    ///
    /// - Parameters:
    ///   - lhs: The left operand.
    ///   - rhs: The right operand.
    /// - Returns: A tensor of the broadcast shape.
    /// - Complexity: O(*n*) for *n* result elements.
    public static func - (lhs: Tensor, rhs: Tensor) -> Tensor {
        broadcasting(lhs, rhs) { $0 - $1 }
    }

    /// Multiplies two tensors element-wise (the Hadamard product), broadcasting like numpy.
    ///
    /// This is numpy's `*`, not the matrix product; see `matmul(_:)` for that.
    /// Traps with e.g. `cannot broadcast shapes [2, 3] and [4]` if the shapes do not fit.
    ///
    /// - Parameters:
    ///   - lhs: The left operand.
    ///   - rhs: The right operand.
    /// - Returns: A tensor of the broadcast shape.
    /// - Complexity: O(*n*) for *n* result elements.
    public static func * (lhs: Tensor, rhs: Tensor) -> Tensor {
        broadcasting(lhs, rhs) { $0 * $1 }
    }

    /// Divides two tensors element-wise, broadcasting like numpy.
    ///
    /// Division by zero follows IEEE 754 (`±inf` or NaN); it does not trap.
    /// Traps with e.g. `cannot broadcast shapes [2, 3] and [4]` if the shapes do not fit.
    ///
    /// - Parameters:
    ///   - lhs: The dividend.
    ///   - rhs: The divisor.
    /// - Returns: A tensor of the broadcast shape.
    /// - Complexity: O(*n*) for *n* result elements.
    public static func / (lhs: Tensor, rhs: Tensor) -> Tensor {
        broadcasting(lhs, rhs) { $0 / $1 }
    }

    /// Adds a number to every element.
    ///
    /// - Parameters:
    ///   - lhs: The tensor.
    ///   - rhs: The number.
    /// - Returns: A tensor of `lhs.shape`.
    /// - Complexity: O(*n*).
    public static func + (lhs: Tensor, rhs: Double) -> Tensor {
        lhs.mapFast { $0 + rhs }
    }

    /// Adds every element to a number.
    ///
    /// - Parameters:
    ///   - lhs: The number.
    ///   - rhs: The tensor.
    /// - Returns: A tensor of `rhs.shape`.
    /// - Complexity: O(*n*).
    public static func + (lhs: Double, rhs: Tensor) -> Tensor {
        rhs.mapFast { lhs + $0 }
    }

    /// Subtracts a number from every element.
    ///
    /// - Parameters:
    ///   - lhs: The tensor.
    ///   - rhs: The number.
    /// - Returns: A tensor of `lhs.shape`.
    /// - Complexity: O(*n*).
    public static func - (lhs: Tensor, rhs: Double) -> Tensor {
        lhs.mapFast { $0 - rhs }
    }

    /// Subtracts every element from a number, e.g. `1 - y`.
    ///
    /// - Parameters:
    ///   - lhs: The number.
    ///   - rhs: The tensor.
    /// - Returns: A tensor of `rhs.shape`.
    /// - Complexity: O(*n*).
    public static func - (lhs: Double, rhs: Tensor) -> Tensor {
        rhs.mapFast { lhs - $0 }
    }

    /// Multiplies every element by a number.
    ///
    /// - Parameters:
    ///   - lhs: The tensor.
    ///   - rhs: The number.
    /// - Returns: A tensor of `lhs.shape`.
    /// - Complexity: O(*n*).
    public static func * (lhs: Tensor, rhs: Double) -> Tensor {
        lhs.mapFast { $0 * rhs }
    }

    /// Multiplies a number by every element.
    ///
    /// - Parameters:
    ///   - lhs: The number.
    ///   - rhs: The tensor.
    /// - Returns: A tensor of `rhs.shape`.
    /// - Complexity: O(*n*).
    public static func * (lhs: Double, rhs: Tensor) -> Tensor {
        rhs.mapFast { lhs * $0 }
    }

    /// Divides every element by a number (IEEE 754 for division by zero).
    ///
    /// - Parameters:
    ///   - lhs: The tensor.
    ///   - rhs: The divisor.
    /// - Returns: A tensor of `lhs.shape`.
    /// - Complexity: O(*n*).
    public static func / (lhs: Tensor, rhs: Double) -> Tensor {
        lhs.mapFast { $0 / rhs }
    }

    /// Divides a number by every element, e.g. `1 / (1 + exp(-x))`.
    ///
    /// - Parameters:
    ///   - lhs: The dividend.
    ///   - rhs: The tensor of divisors.
    /// - Returns: A tensor of `rhs.shape`.
    /// - Complexity: O(*n*).
    public static func / (lhs: Double, rhs: Tensor) -> Tensor {
        rhs.mapFast { lhs / $0 }
    }

    /// Negates every element.
    ///
    /// - Parameter operand: The tensor.
    /// - Returns: A tensor of `operand.shape`.
    /// - Complexity: O(*n*).
    public static prefix func - (operand: Tensor) -> Tensor {
        operand.mapFast { -$0 }
    }

    /// Adds `rhs` to `lhs` in place, broadcasting `rhs` to `lhs.shape`.
    ///
    /// Traps naming both shapes if `rhs` does not broadcast to exactly `lhs.shape`.
    ///
    /// - Parameters:
    ///   - lhs: The tensor to update.
    ///   - rhs: The tensor to add.
    /// - Complexity: O(*n*); no new storage unless `lhs` shares its storage with another copy.
    public static func += (lhs: inout Tensor, rhs: Tensor) {
        broadcastingInPlace(&lhs, rhs, "+=") { $0 + $1 }
    }

    /// Subtracts `rhs` from `lhs` in place, broadcasting `rhs` to `lhs.shape`.
    ///
    /// Traps naming both shapes if `rhs` does not broadcast to exactly `lhs.shape`.
    ///
    /// - Parameters:
    ///   - lhs: The tensor to update.
    ///   - rhs: The tensor to subtract.
    /// - Complexity: O(*n*).
    public static func -= (lhs: inout Tensor, rhs: Tensor) {
        broadcastingInPlace(&lhs, rhs, "-=") { $0 - $1 }
    }

    /// Multiplies `lhs` by `rhs` element-wise in place, broadcasting `rhs` to `lhs.shape`.
    ///
    /// Traps naming both shapes if `rhs` does not broadcast to exactly `lhs.shape`.
    ///
    /// - Parameters:
    ///   - lhs: The tensor to update.
    ///   - rhs: The factor.
    /// - Complexity: O(*n*).
    public static func *= (lhs: inout Tensor, rhs: Tensor) {
        broadcastingInPlace(&lhs, rhs, "*=") { $0 * $1 }
    }

    /// Divides `lhs` by `rhs` element-wise in place, broadcasting `rhs` to `lhs.shape`.
    ///
    /// Traps naming both shapes if `rhs` does not broadcast to exactly `lhs.shape`.
    ///
    /// - Parameters:
    ///   - lhs: The tensor to update.
    ///   - rhs: The divisor.
    /// - Complexity: O(*n*).
    public static func /= (lhs: inout Tensor, rhs: Tensor) {
        broadcastingInPlace(&lhs, rhs, "/=") { $0 / $1 }
    }

    /// Adds a number to every element in place.
    ///
    /// - Parameters:
    ///   - lhs: The tensor to update.
    ///   - rhs: The number.
    /// - Complexity: O(*n*).
    public static func += (lhs: inout Tensor, rhs: Double) {
        lhs.updateFast { $0 + rhs }
    }

    /// Subtracts a number from every element in place.
    ///
    /// - Parameters:
    ///   - lhs: The tensor to update.
    ///   - rhs: The number.
    /// - Complexity: O(*n*).
    public static func -= (lhs: inout Tensor, rhs: Double) {
        lhs.updateFast { $0 - rhs }
    }

    /// Multiplies every element by a number in place.
    ///
    /// - Parameters:
    ///   - lhs: The tensor to update.
    ///   - rhs: The factor.
    /// - Complexity: O(*n*).
    public static func *= (lhs: inout Tensor, rhs: Double) {
        lhs.updateFast { $0 * rhs }
    }

    /// Divides every element by a number in place.
    ///
    /// - Parameters:
    ///   - lhs: The tensor to update.
    ///   - rhs: The divisor.
    /// - Complexity: O(*n*).
    public static func /= (lhs: inout Tensor, rhs: Double) {
        lhs.updateFast { $0 / rhs }
    }
}
