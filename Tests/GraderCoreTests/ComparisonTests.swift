// Tests of the comparison rule of SPEC section 4: exact shape, finite values, every element within
// |actual - expected| <= absolute + relative·|expected|, and failures that say where and how much.

import ExerciseKit
import Foundation
import GraderCore
import TestSupport
import Testing

/// A ReLU case relabelled as case 7 of seed 424242, for the failure's address.
private func reluCase() throws -> TestCase {
    var testCase = try #require(CaseGenerator(seed: 1).makeCase(.relu, index: 0))
    testCase.index = 7
    testCase.seed = 424_242
    testCase.kind = "random"
    return testCase
}

/// Checks `actual` against `expected` as ReLU.backward of ``reluCase()``.
private func check(_ actual: Tensor?, _ expected: Tensor, tolerance: Tolerance = .standard) throws -> CaseFailure? {
    Comparison.check(
        actual: actual, expected: expected, testCase: try reluCase(), quantity: .reluBackward, tolerance: tolerance)
}

/// The largest double whose distance from `expected` is still within `tolerance`, searching up from
/// `expected`: the boundary as the comparison computes it, whatever the rounding of expected + bound.
private func largestAccepted(above expected: Double, _ tolerance: Tolerance) -> Double {
    let bound = tolerance.bound(for: expected)
    var candidate = expected + bound
    while abs(candidate - expected) > bound { candidate = candidate.nextDown }
    while abs(candidate.nextUp - expected) <= bound { candidate = candidate.nextUp }
    return candidate
}

/// The smallest double below `expected` still within tolerance (the boundary on the other side).
private func smallestAccepted(below expected: Double, _ tolerance: Tolerance) -> Double {
    let bound = tolerance.bound(for: expected)
    var candidate = expected - bound
    while abs(candidate - expected) > bound { candidate = candidate.nextUp }
    while abs(candidate.nextDown - expected) <= bound { candidate = candidate.nextDown }
    return candidate
}

@Suite("Comparison")
struct ComparisonTests {
    static let expected = Tensor([[0.5, -1.25, 2], [0, 3.5, -0.75]])

    @Test("an exact match passes, and so does -0 against 0")
    func exactMatchPasses() throws {
        #expect(try check(Self.expected, Self.expected) == nil)
        #expect(try check(Tensor([[-0.0]]), Tensor([[0.0]])) == nil)
        #expect(try check(Tensor(shape: [0, 3], scalars: []), Tensor(shape: [0, 3], scalars: [])) == nil)
    }

    // MARK: Shape

    @Test("a transposed output is a wrong shape, reported with both shapes")
    func wrongShape() throws {
        let transposed = Self.expected.transposed()
        let failure = try #require(try check(transposed, Self.expected))
        #expect(failure.kind == .wrongShape)
        #expect(failure.expectedShape == [2, 3])
        #expect(failure.actualShape == [3, 2])
        #expect(failure.message.contains("[3, 2]"))
        #expect(failure.message.contains("[2, 3]"))
        #expect(failure.maxError == nil && failure.position == nil)
    }

    @Test(
        "the same elements under another shape are still a wrong shape",
        arguments: [[6], [1, 2, 3], [2, 3, 1], [3, 2]])
    func sameCountOtherShape(shape: [Int]) throws {
        let reshaped = Tensor(shape: shape, scalars: Self.expected.scalars)
        let failure = try #require(try check(reshaped, Self.expected))
        #expect(failure.kind == .wrongShape)
        #expect(failure.actualShape == shape)
    }

    @Test("the shape is checked before the values: a wrong shape full of NaN is a wrong shape")
    func shapeBeforeValues() throws {
        let failure = try #require(try check(Tensor(repeating: .nan, shape: [3]), Self.expected))
        #expect(failure.kind == .wrongShape)
    }

    // MARK: Non-finite values

    @Test("NaN and ±infinity are refused with their position", arguments: [Double.nan, .infinity, -.infinity])
    func nonFinite(value: Double) throws {
        var actual = Self.expected
        actual[1, 2] = value
        let failure = try #require(try check(actual, Self.expected))
        #expect(failure.kind == .nonFinite)
        #expect(failure.position == [1, 2])
        #expect(failure.expected == -0.75)
        let reported = try #require(failure.actual)
        #expect(reported.bitPattern == value.bitPattern || (reported.isNaN && value.isNaN))
        let word = value.isNaN ? "NaN" : value > 0 ? "+inf" : "-inf"
        #expect(failure.message.contains(word), "\(failure.message)")
        #expect(failure.message.contains("[1, 2]"))
    }

    @Test("the first non-finite value is reported, even with a huge relative tolerance")
    func firstNonFinite() throws {
        var actual = Self.expected
        actual[0, 1] = .infinity
        actual[1, 0] = .nan
        let failure = try #require(try check(actual, Self.expected, tolerance: Tolerance(absolute: 1, relative: 1)))
        #expect(failure.kind == .nonFinite)
        #expect(failure.position == [0, 1])
    }

    // MARK: The tolerance boundary

    @Test("with exactly representable numbers: at the bound passes, one ulp past it fails")
    func exactBoundary() throws {
        // 1e-5 from 0 is exactly 1e-5: passes; the next double above fails.
        #expect(try check(Tensor([[1e-5]]), Tensor([[0]])) == nil)
        #expect(try check(Tensor([[-1e-5]]), Tensor([[0]])) == nil)
        let past = try #require(try check(Tensor([[(1e-5).nextUp]]), Tensor([[0]])))
        #expect(past.kind == .outOfTolerance)
        #expect(past.maxError == (1e-5).nextUp)
        #expect(try check(Tensor([[(-1e-5).nextDown]]), Tensor([[0]])) != nil)

        // With a tolerance of 0.5 around 1, both 1.5 and 0.5 are exact distances.
        let half = Tolerance(absolute: 0.5)
        #expect(try check(Tensor([[1.5]]), Tensor([[1]]), tolerance: half) == nil)
        #expect(try check(Tensor([[0.5]]), Tensor([[1]]), tolerance: half) == nil)
        #expect(try check(Tensor([[(1.5).nextUp]]), Tensor([[1]]), tolerance: half) != nil)
        // Below 1 the distance is computed in floating point: 1 - 0.5.nextDown rounds to 0.5
        // (a tie, to even), so that double still passes, and the first one that fails is the next.
        #expect(1 - (0.5).nextDown == 0.5)
        #expect(try check(Tensor([[(0.5).nextDown]]), Tensor([[1]]), tolerance: half) == nil)
        #expect(try check(Tensor([[(0.5).nextDown.nextDown]]), Tensor([[1]]), tolerance: half) != nil)
    }

    /// For ordinary expected values `expected + 1e-5` rounds, so the boundary is found as the
    /// comparison computes distances: the largest accepted double passes and its `nextUp` fails
    /// (its computed distance really exceeds the bound).
    @Test(
        "the largest accepted double passes and the next one above fails",
        arguments: [0.25, 0.1, -0.3, 1.0 / 3.0, 123.456, -7.0, 1e-7])
    func adjacentDoublesAtTheBoundary(expected: Double) throws {
        let tolerance = Tolerance.standard
        let bound = tolerance.bound(for: expected)
        let upper = largestAccepted(above: expected, tolerance)
        #expect(abs(upper - expected) <= bound)
        #expect(abs(upper.nextUp - expected) > bound)
        #expect(bound - abs(upper - expected) <= upper.ulp, "the boundary is 1e-5 away, not short of it")
        #expect(try check(Tensor([[upper]]), Tensor([[expected]])) == nil)
        let above = try #require(try check(Tensor([[upper.nextUp]]), Tensor([[expected]])))
        #expect(above.kind == .outOfTolerance)
        #expect(tolerance.accepts(upper, expected: expected))
        #expect(!tolerance.accepts(upper.nextUp, expected: expected))

        let lower = smallestAccepted(below: expected, tolerance)
        #expect(try check(Tensor([[lower]]), Tensor([[expected]])) == nil)
        #expect(try check(Tensor([[lower.nextDown]]), Tensor([[expected]])) != nil)
    }

    @Test("the relative term widens the bound by relative·|expected|")
    func relativeTerm() throws {
        // Absolute only: 1000.5 is 0.5 away from 1000, far outside 1e-5.
        #expect(try check(Tensor([[1000.5]]), Tensor([[1000]])) != nil)
        // With relative 1e-3 the bound at 1000 is 1e-5 + 1 and it passes; at -1000 too (|expected|).
        let relative = Tolerance(absolute: 1e-5, relative: 1e-3)
        #expect(relative.bound(for: 1000) == 1e-5 + 1)
        #expect(relative.bound(for: -1000) == 1e-5 + 1)
        #expect(try check(Tensor([[1000.5]]), Tensor([[1000]]), tolerance: relative) == nil)
        #expect(try check(Tensor([[-1000.5]]), Tensor([[-1000]]), tolerance: relative) == nil)
        #expect(try check(Tensor([[1001.5]]), Tensor([[1000]]), tolerance: relative) != nil)
        // At expected 0 only the absolute term is left.
        #expect(try check(Tensor([[2e-5]]), Tensor([[0]]), tolerance: relative) != nil)
        // Relative to the expected value, not the actual one: 4 → bound 2 with relative 0.5.
        let half = Tolerance(absolute: 0, relative: 0.5)
        #expect(try check(Tensor([[6]]), Tensor([[4]]), tolerance: half) == nil)
        #expect(try check(Tensor([[(6.0).nextUp]]), Tensor([[4]]), tolerance: half) != nil)
        #expect(try check(Tensor([[2]]), Tensor([[4]]), tolerance: half) == nil)
        let lower = smallestAccepted(below: 4, half)
        #expect(lower <= 2 && lower >= (2.0).nextDown.nextDown)
        #expect(try check(Tensor([[lower.nextDown]]), Tensor([[4]]), tolerance: half) != nil)
    }

    @Test("Tolerance.accepts refuses NaN and infinities on either side")
    func acceptsNonFinite() {
        let generous = Tolerance(absolute: 1, relative: 1)
        #expect(generous.accepts(1, expected: 1))
        #expect(!generous.accepts(.nan, expected: 1))
        #expect(!generous.accepts(1, expected: .nan))
        #expect(!generous.accepts(.nan, expected: .nan))
        #expect(!generous.accepts(.infinity, expected: 1))
        #expect(!generous.accepts(-.infinity, expected: -1))
        #expect(!generous.accepts(.infinity, expected: .infinity))
        #expect(!generous.accepts(1, expected: .infinity))
        #expect(Tolerance.standard == Tolerance(absolute: 1e-5, relative: 0))
        #expect(Tolerance.standard.accepts(1 + 1e-6, expected: 1))
        #expect(!Tolerance.standard.accepts(1 + 2e-5, expected: 1))
    }

    // MARK: What a failure says

    @Test("an out-of-tolerance failure names the largest error, its position and both values there")
    func largestError() throws {
        var actual = Self.expected
        actual[0, 0] += 0.001  // within nothing, but not the largest
        actual[1, 1] -= 0.25  // the largest
        actual[1, 2] += 2e-6  // within tolerance
        let failure = try #require(try check(actual, Self.expected))
        #expect(failure.kind == .outOfTolerance)
        #expect(failure.position == [1, 1])
        #expect(failure.maxError == 0.25)
        #expect(failure.expected == 3.5)
        #expect(failure.actual == 3.25)
        #expect(failure.expectedShape == [2, 3] && failure.actualShape == [2, 3])
        #expect(failure.message.contains("[1, 1]"))
        #expect(failure.message.contains("3.5") && failure.message.contains("3.25"))
        #expect(failure.message.contains("0.25"))
    }

    @Test("the failure's position is a multi-index into a rank-4 output")
    func positionInRankFour() throws {
        let expected = Tensor(shape: [2, 3, 4, 5], scalars: (0..<120).map { Double($0) / 8 })
        var actual = expected
        actual[flat: 97] += 1  // 97 = 1·60 + 1·20 + 3·5 + 2
        let failure = try #require(
            Comparison.check(
                actual: actual, expected: expected, testCase: try reluCase(), quantity: .fullyConnectedBackward,
                tolerance: .standard))
        #expect(failure.position == [1, 1, 3, 2])
        #expect(failure.expected == 97.0 / 8)
    }

    @Test("a nil output is a missing value naming the quantity")
    func missingValue() throws {
        let failure = try #require(
            Comparison.check(
                actual: nil, expected: Self.expected, testCase: try reluCase(), quantity: .fullyConnectedDW,
                tolerance: .standard))
        #expect(failure.kind == .missingValue)
        #expect(failure.actualShape == nil)
        #expect(failure.expectedShape == [2, 3])
        #expect(failure.message.contains("FullyConnected.dW"))
        #expect(failure.message.contains("nil"))
    }

    @Test(
        "every failure names the case: its index, kind and seed, and the input shapes",
        arguments: ["shape", "nan", "value", "nil"])
    func failureNamesTheCase(kind: String) throws {
        var actual: Tensor? = Self.expected
        switch kind {
        case "shape": actual = Tensor([1, 2, 3])
        case "nan": actual?[0, 0] = .nan
        case "value": actual?[0, 0] += 1
        default: actual = nil
        }
        let failure = try #require(try check(actual, Self.expected))
        #expect(failure.caseIndex == 7)
        #expect(failure.seed == 424_242)
        #expect(failure.caseKind == "random")
        #expect(failure.message.hasPrefix("case 7 (random, seed 424242): "), "\(failure.message)")
        #expect(failure.inputShapes == ["x": [1, 3], "dout": [1, 3]])
    }

    @Test("a failure with NaN survives a JSON round trip")
    func failureCodable() throws {
        var actual = Self.expected
        actual[0, 2] = .nan
        let failure = try #require(try check(actual, Self.expected))
        let data = try JSONEncoder().encode(failure)
        let text = try #require(String(data: data, encoding: .utf8))
        #expect(text.contains("\"nan\""))
        let decoded = try JSONDecoder().decode(CaseFailure.self, from: data)
        #expect(decoded.actual?.isNaN == true)
        #expect(decoded.position == failure.position && decoded.message == failure.message)
        #expect(decoded.kind == .nonFinite && decoded.seed == 424_242)
    }

    // MARK: multiIndex

    @Test("multiIndex turns a row-major offset into a multi-index")
    func multiIndex() {
        #expect(Comparison.multiIndex(0, shape: [2, 3, 4]) == [0, 0, 0])
        #expect(Comparison.multiIndex(23, shape: [2, 3, 4]) == [1, 2, 3])
        #expect(Comparison.multiIndex(13, shape: [2, 3, 4]) == [1, 0, 1])
        #expect(Comparison.multiIndex(4, shape: [2, 3]) == [1, 1])
        #expect(Comparison.multiIndex(5, shape: [7]) == [5])
        #expect(Comparison.multiIndex(0, shape: []) == [])
        #expect(Comparison.multiIndex(3, shape: [1, 1, 4]) == [0, 0, 3])
        // Every offset of a shape maps to a distinct index that maps back.
        let shape = [3, 1, 4, 2]
        let all = (0..<24).map { Comparison.multiIndex($0, shape: shape) }
        #expect(Set(all.map { $0.description }).count == 24)
        for (offset, index) in all.enumerated() {
            #expect(((index[0] * 1 + index[1]) * 4 + index[2]) * 2 + index[3] == offset)
        }
    }

    @Test("with a relative term, the failure points at the element outside its bound, not at a larger passing error")
    func relativeTermReportsTheFailingElement() throws {
        let tolerance = Tolerance(absolute: 1e-5, relative: 1e-3)
        // [0, 0] is off by 0.5 but within 1e-5 + 1e-3 · 1000; [0, 1] is off by 0.001, above 1e-5.
        let failure = try #require(
            try check(Tensor([[1000.5, 0.001]]), Tensor([[1000, 0]]), tolerance: tolerance))
        #expect(failure.kind == .outOfTolerance)
        #expect(failure.position == [0, 1])
        #expect(failure.expected == 0)
        #expect(failure.actual == 0.001)
        #expect(failure.maxError == 0.001)
    }
}
