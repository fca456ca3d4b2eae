import ExerciseKit
import Foundation

/// Compares one actual output with the expected one under a ``Tolerance`` (SPEC section 4).
public enum Comparison {
    /// Checks one scored quantity of one case.
    ///
    /// A case passes when the shape is exactly right, no value is NaN or infinite, and every element
    /// satisfies the tolerance. Checks run in that order, so a wrong shape is reported as such even
    /// when values are also off.
    ///
    /// - Parameters:
    ///   - actual: what the submission produced, or `nil` when it produced nothing (e.g. `dW` nil).
    ///   - expected: the reference output.
    ///   - testCase: the case, for the failure's address and input shapes.
    ///   - quantity: the scored quantity, for messages.
    ///   - tolerance: the rule.
    /// - Returns: `nil` when the case passes, otherwise what failed and where.
    /// - Complexity: O(n) in the number of elements.
    public static func check(
        actual: Tensor?, expected: Tensor, testCase: TestCase, quantity: ScoredQuantity, tolerance: Tolerance
    ) -> CaseFailure? {
        func failure(
            _ kind: CaseFailure.Kind, _ message: String, actualShape: [Int]? = nil, maxError: Double? = nil,
            position: [Int]? = nil, expectedValue: Double? = nil, actualValue: Double? = nil
        ) -> CaseFailure {
            CaseFailure(
                kind: kind, caseIndex: testCase.index, caseKind: testCase.kind, seed: testCase.seed,
                inputShapes: inputShapes(testCase), expectedShape: expected.shape, actualShape: actualShape,
                maxError: maxError, position: position, expected: expectedValue, actual: actualValue,
                message: "\(testCase.label): \(message)")
        }
        let description = testCase.gradedClass.output(quantity)?.description ?? quantity.rawValue
        guard let actual else {
            return failure(.missingValue, "\(quantity.rawValue) is nil after backward; set it in backward")
        }
        guard actual.shape == expected.shape else {
            return failure(
                .wrongShape,
                "\(description) has shape \(format(actual.shape)), expected \(format(expected.shape))",
                actualShape: actual.shape)
        }
        let actualScalars = actual.scalars
        let expectedScalars = expected.scalars
        if let bad = actualScalars.firstIndex(where: { !$0.isFinite }) {
            let position = multiIndex(bad, shape: expected.shape)
            return failure(
                .nonFinite,
                "\(description) has \(describe(actualScalars[bad])) at \(format(position)) "
                    + "(expected \(describe(expectedScalars[bad])))",
                actualShape: actual.shape, position: position, expectedValue: expectedScalars[bad],
                actualValue: actualScalars[bad])
        }
        // The element furthest outside its bound (with no relative term: the largest error).
        var worst = -1
        var worstExcess = 0.0
        var allWithin = true
        for index in expectedScalars.indices {
            let error = abs(actualScalars[index] - expectedScalars[index])
            let excess = error - tolerance.bound(for: expectedScalars[index])
            if excess > 0 {
                allWithin = false
                if worst < 0 || excess > worstExcess {
                    worstExcess = excess
                    worst = index
                }
            }
        }
        if allWithin || worst < 0 { return nil }
        let worstError = abs(actualScalars[worst] - expectedScalars[worst])
        let position = multiIndex(worst, shape: expected.shape)
        return failure(
            .outOfTolerance,
            "largest error \(describe(worstError)) at \(format(position)): expected \(describe(expectedScalars[worst])), "
                + "got \(describe(actualScalars[worst])) (tolerance \(describe(tolerance.bound(for: expectedScalars[worst]))))",
            actualShape: actual.shape, maxError: worstError, position: position,
            expectedValue: expectedScalars[worst], actualValue: actualScalars[worst])
    }

    /// The row-major multi-index of a flat offset.
    public static func multiIndex(_ offset: Int, shape: [Int]) -> [Int] {
        var remainder = offset
        var result = [Int](repeating: 0, count: shape.count)
        for axis in shape.indices.reversed() where shape[axis] > 0 {
            result[axis] = remainder % shape[axis]
            remainder /= shape[axis]
        }
        return result
    }

    static func inputShapes(_ testCase: TestCase) -> [String: [Int]] {
        var shapes: [String: [Int]] = [:]
        for (input, tensor) in zip(testCase.gradedClass.inputs, testCase.inputs) { shapes[input.name] = tensor.shape }
        return shapes
    }

    /// `[2, 3]` for a shape or an index.
    public static func format(_ values: [Int]) -> String {
        "[" + values.map(String.init).joined(separator: ", ") + "]"
    }

    /// A compact rendering of a double for messages: 8 significant digits (the JSON report keeps
    /// every digit), e.g. `0.45` for 0.44999999999999996.
    public static func describe(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+inf" : "-inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return String(format: "%.8g", value)
    }
}
