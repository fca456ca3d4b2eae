// The trap messages and shape validators. Traps cannot be caught in-process, so the tests check
// the functions that decide whether to trap and what to say.

import Testing

@testable import ExerciseKit

@Suite("Shape validation and trap messages")
struct DiagnosticsTests {
    @Test func countMismatchNamesShapeAndCount() {
        #expect(Tensor.scalarCountProblem(shape: [2, 3], count: 5) == "Tensor(shape: [2, 3]) needs 6 scalars, got 5")
        #expect(Tensor.scalarCountProblem(shape: [], count: 2) == "Tensor(shape: []) needs 1 scalar, got 2")
        #expect(Tensor.scalarCountProblem(shape: [2, 3], count: 6) == nil)
        #expect(Tensor.scalarCountProblem(shape: [0, 4], count: 0) == nil)
    }

    @Test func negativeDimensionsAreRejected() throws {
        let message = try #require(Tensor.shapeProblem([2, -3]))
        #expect(message.contains("[2, -3]"))
        #expect(message.contains("-3"))
        #expect(Tensor.shapeProblem([2, 0, 3]) == nil)
        #expect(Tensor.shapeProblem([]) == nil)
        #expect(Tensor.shapeProblem([Int.max, 2]) != nil)
    }

    @Test func raggedRowsNameTheRow() throws {
        let message = try #require(Tensor.raggedRowsProblem([[1, 2], [3, 4], [5]]))
        #expect(message.contains("row 2"))
        #expect(message.contains("has 1 scalar,"))
        #expect(Tensor.raggedRowsProblem([[1, 2], [3, 4]]) == nil)
        #expect(Tensor.raggedRowsProblem([]) == nil)
    }

    @Test func badIndicesNameIndexAndShape() throws {
        let outOfRange = try #require(Tensor.indexProblem([2, 0], shape: [2, 3]))
        #expect(outOfRange.contains("[2, 0]"))
        #expect(outOfRange.contains("[2, 3]"))
        let wrongCount = try #require(Tensor.indexProblem([1], shape: [2, 3]))
        #expect(wrongCount.contains("[1]"))
        #expect(wrongCount.contains("[2, 3]"))
        #expect(Tensor.indexProblem([-1, 0], shape: [2, 3]) != nil)
        #expect(Tensor.indexProblem([1, 2], shape: [2, 3]) == nil)
        #expect(Tensor.indexProblem([], shape: []) == nil)
        let flat = try #require(Tensor.flatIndexProblem(6, shape: [2, 3], count: 6))
        #expect(flat.contains("6") && flat.contains("[2, 3]"))
        #expect(Tensor.flatIndexProblem(5, shape: [2, 3], count: 6) == nil)
        #expect(Tensor.flatIndexProblem(-1, shape: [2, 3], count: 6) != nil)
    }

    @Test(arguments: [
        ([2, -1], 6, [2, 3] as [Int]?),
        ([-1], 6, [6]),
        ([-1, 3, 1], 6, [2, 3, 1]),
        ([3, 2], 6, [3, 2]),
        ([4, -1], 6, nil),
        ([-1, -1], 6, nil),
        ([5], 6, nil),
        ([2, -2], 6, nil),
        ([0, -1], 0, nil),
        ([-1, 0], 0, nil),
        ([2, 0], 0, [2, 0]),
    ])
    func reshapeResolution(requested: [Int], count: Int, expected: [Int]?) {
        #expect(Tensor.resolvedShape(requested, count: count) == expected)
    }

    @Test func reshapeMessageNamesBothShapes() {
        let message = Tensor.reshapeMessage(from: [2, 3], to: [4, -1])
        #expect(message.contains("[2, 3]"))
        #expect(message.contains("[4, -1]"))
    }

    @Test(arguments: [
        ([2, 3], [3], [2, 3] as [Int]?),
        ([2, 3], [2, 1], [2, 3]),
        ([1, 3], [2, 1], [2, 3]),
        ([], [4, 5], [4, 5]),
        ([4, 1, 5], [3, 1], [4, 3, 5]),
        ([2, 3], [4], nil),
        ([2, 3], [2], nil),
        ([0, 3], [3], [0, 3]),
        ([0], [1], [0]),
        ([0], [2], nil),
    ])
    func broadcastShapes(lhs: [Int], rhs: [Int], expected: [Int]?) {
        #expect(Tensor.broadcastShape(lhs, rhs) == expected)
        #expect(Tensor.broadcastShape(rhs, lhs) == expected)
    }

    @Test func broadcastMessageNamesBothShapes() {
        #expect(Tensor.broadcastMessage([2, 3], [4]) == "cannot broadcast shapes [2, 3] and [4]")
        let inPlace = Tensor.inPlaceMessage("+=", [3], [2, 3])
        #expect(inPlace.contains("+=") && inPlace.contains("[3]") && inPlace.contains("[2, 3]"))
        let zip = Tensor.zipMapMessage([2, 3], [3, 2])
        #expect(zip.contains("[2, 3]") && zip.contains("[3, 2]"))
    }

    @Test(arguments: [
        ([2, 3], [3, 4], [2, 4] as [Int]?),
        ([3], [3, 4], [4]),
        ([2, 3], [3], [2]),
        ([3], [3], []),
        ([2, 3], [2, 3], nil),
        ([3], [4], nil),
        ([2, 2, 2], [2, 2], nil),
        ([], [2], nil),
    ])
    func matmulShapes(lhs: [Int], rhs: [Int], expected: [Int]?) {
        #expect(Tensor.matmulShape(lhs, rhs) == expected)
    }

    @Test func matmulMessageNamesBothShapes() {
        let inner = Tensor.matmulMessage([2, 3], [4, 5])
        #expect(inner.contains("[2, 3]") && inner.contains("[4, 5]") && inner.contains("3 and 4"))
        let rank = Tensor.matmulMessage([2, 2, 2], [2])
        #expect(rank.contains("[2, 2, 2]") && rank.contains("rank"))
    }

    @Test func axesNormalize() {
        #expect(Tensor.normalizedAxis(-1, rank: 3) == 2)
        #expect(Tensor.normalizedAxis(-3, rank: 3) == 0)
        #expect(Tensor.normalizedAxis(2, rank: 3) == 2)
        #expect(Tensor.normalizedAxis(3, rank: 3) == nil)
        #expect(Tensor.normalizedAxis(-4, rank: 3) == nil)
        #expect(Tensor.normalizedAxis(0, rank: 0) == nil)
        #expect(Tensor.axisMessage(2, shape: [2, 3]) == "axis 2 is out of range for a tensor of shape [2, 3]")
        #expect(Tensor.emptyReductionMessage("max()", shape: [0, 3]).contains("[0, 3]"))
    }

    @Test(arguments: [
        ([2, 3], [2, 3], Tensor.BroadcastLayout.full),
        ([1], [2, 3], .scalar),
        ([], [2, 3], .scalar),
        ([3], [2, 3], .row),
        ([1, 3], [2, 3], .row),
        ([4, 5], [3, 4, 5], .row),
        ([2, 1], [2, 3], .column),
        ([3, 1, 1], [3, 4, 5], .column),
        ([3, 4, 1], [3, 4, 5], .column),
        ([3, 1, 5], [3, 4, 5], .general),
        ([4, 1], [3, 4, 5], .general),
    ])
    func layoutsPickTheFastPath(shape: [Int], result: [Int], expected: Tensor.BroadcastLayout) {
        #expect(Tensor.layout(of: shape, in: result) == expected)
    }
}
