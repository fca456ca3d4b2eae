import ExerciseKit
import Testing

@Suite("Reductions")
struct ReductionTests {
    let m = Tensor([[1, 5, 3], [4, 2, 6]])

    @Test func wholeTensorReductions() {
        #expect(m.sum() == 21)
        #expect(m.mean() == 3.5)
        #expect(m.max() == 6)
        #expect(m.min() == 1)
        #expect(Tensor.zeros([0]).sum() == 0)
        #expect(Tensor.zeros([0]).mean().isNaN)
        #expect(Tensor(Array(repeating: 0.5, count: 1001)).sum() == 500.5)
    }

    @Test func sumAlongAxes() {
        let rows = m.sum(alongAxis: 0)
        #expect(rows.shape == [3])
        #expect(rows.scalars == [5, 7, 9])
        let columns = m.sum(alongAxis: 1)
        #expect(columns.shape == [2])
        #expect(columns.scalars == [9, 12])
        #expect(m.sum(alongAxis: -1) == columns)
        #expect(m.sum(alongAxis: -2) == rows)
    }

    @Test func keepingDimensionKeepsASizeOneAxis() {
        let kept0 = m.sum(alongAxis: 0, keepingDimension: true)
        #expect(kept0.shape == [1, 3])
        #expect(kept0.scalars == [5, 7, 9])
        let kept1 = m.sum(alongAxis: -1, keepingDimension: true)
        #expect(kept1.shape == [2, 1])
        #expect(kept1.scalars == [9, 12])
        // The point of keepdims: the result broadcasts back.
        #expect((m - kept1).scalars == [-8, -4, -6, -8, -10, -6])
    }

    @Test func meanAlongAxes() {
        #expect(m.mean(alongAxis: 0).scalars == [2.5, 3.5, 4.5])
        #expect(m.mean(alongAxis: 1).scalars == [3, 4])
        #expect(m.mean(alongAxis: 1, keepingDimension: true).shape == [2, 1])
    }

    @Test func maxAndMinAlongAxes() {
        #expect(m.max(alongAxis: 0).scalars == [4, 5, 6])
        #expect(m.max(alongAxis: 1).scalars == [5, 6])
        #expect(m.max(alongAxis: -1, keepingDimension: true).shape == [2, 1])
        #expect(m.min(alongAxis: 0).scalars == [1, 2, 3])
        #expect(m.min(alongAxis: 1).scalars == [1, 2])
    }

    @Test func argmaxAlongAxes() {
        #expect(m.argmax(alongAxis: 1) == [1, 2])
        #expect(m.argmax(alongAxis: -1) == [1, 2])
        #expect(m.argmax(alongAxis: 0) == [1, 0, 1])
        #expect(Tensor([[2, 7, 7]]).argmax(alongAxis: 1) == [1])
        #expect(Tensor([3, 9, 1]).argmax(alongAxis: 0) == [1])
    }

    @Test func nanPropagatesThroughMax() {
        let t = Tensor([[1, .nan, 3], [4, 5, 6]])
        #expect(t.max().isNaN)
        let rows = t.max(alongAxis: 1)
        #expect(rows[0].isNaN)
        #expect(rows[1] == 6)
        #expect(t.argmax(alongAxis: 1) == [1, 2])
    }

    @Test(arguments: [0, 1, 2, -1])
    func rankThreeAxisMatchesIndexDefinition(axis: Int) {
        let cube = integerTensor([2, 3, 4], seed: 11)
        let resolved = axis < 0 ? axis + 3 : axis
        var expectedShape = cube.shape
        expectedShape.remove(at: resolved)
        var expectedSum = Tensor.zeros(expectedShape)
        var expectedMax = Tensor(repeating: -.infinity, shape: expectedShape)
        for index in allIndices(cube.shape) {
            var reduced = index
            reduced.remove(at: resolved)
            let o = offset(reduced, in: expectedShape)
            expectedSum[flat: o] += cube[index[0], index[1], index[2]]
            expectedMax[flat: o] = Swift.max(expectedMax[flat: o], cube[index[0], index[1], index[2]])
        }
        #expect(cube.sum(alongAxis: axis) == expectedSum)
        #expect(cube.max(alongAxis: axis) == expectedMax)
        var kept = cube.shape
        kept[resolved] = 1
        #expect(cube.sum(alongAxis: axis, keepingDimension: true) == expectedSum.reshaped(kept))
        let arg = cube.argmax(alongAxis: axis)
        #expect(arg.count == expectedShape.reduce(1, *))
        for (position, reduced) in allIndices(expectedShape).enumerated() {
            var index = reduced
            index.insert(arg[position], at: resolved)
            #expect(cube[index[0], index[1], index[2]] == expectedMax[flat: position])
        }
    }

    @Test func emptyAxisSumsToZeros() {
        let t = Tensor.zeros([3, 0])
        #expect(t.sum(alongAxis: 1) == Tensor.zeros([3]))
        #expect(t.sum(alongAxis: 0) == Tensor.zeros([0]))
    }
}
