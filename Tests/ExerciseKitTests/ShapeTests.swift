import ExerciseKit
import Testing

@Suite("Reshape, flatten and transpose")
struct ShapeTests {
    let t = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])

    @Test func reshapeKeepsRowMajorOrder() {
        let r = t.reshaped([3, 2])
        #expect(r.shape == [3, 2])
        #expect(r.scalars == t.scalars)
        #expect(r[2, 0] == 5)
    }

    @Test func reshapeInfersMinusOne() {
        #expect(t.reshaped(-1).shape == [6])
        #expect(t.reshaped(3, -1).shape == [3, 2])
        #expect(t.reshaped([-1, 1, 2]).shape == [3, 1, 2])
        #expect(t.reshaped(1, -1, 1).shape == [1, 6, 1])
        #expect(Tensor(shape: [], scalars: [4]).reshaped(1, 1).shape == [1, 1])
        #expect(Tensor([5]).reshaped([]).shape == [])
    }

    @Test func flattenedBatchKeepsTheFirstAxis() {
        let images = Tensor.zeros([4, 1, 5, 5])
        #expect(images.flattenedBatch().shape == [4, 25])
        #expect(t.flattenedBatch().shape == [2, 3])
        #expect(Tensor([1, 2, 3]).flattenedBatch().shape == [3, 1])
        let cube = integerTensor([2, 3, 4], seed: 9)
        #expect(cube.flattenedBatch().scalars == cube.scalars)
    }

    @Test func matrixTranspose() {
        let tt = t.transposed()
        #expect(tt.shape == [3, 2])
        #expect(tt.scalars == [1, 4, 2, 5, 3, 6])
        #expect(tt.transposed() == t)
    }

    @Test(arguments: [(1, 1), (1, 7), (7, 1), (33, 65), (64, 32), (100, 3)])
    func largeTransposeMatchesIndexDefinition(rows: Int, columns: Int) {
        let m = integerTensor([rows, columns], seed: UInt64(rows * 1000 + columns))
        let tt = m.transposed()
        #expect(tt.shape == [columns, rows])
        var mismatches = 0
        for i in 0..<rows {
            for j in 0..<columns where tt[j, i] != m[i, j] {
                mismatches += 1
            }
        }
        #expect(mismatches == 0)
    }

    @Test func vectorAndScalarTransposeAreIdentity() {
        let v = Tensor([1, 2, 3])
        #expect(v.transposed() == v)
        let s = Tensor(shape: [], scalars: [2])
        #expect(s.transposed() == s)
    }

    @Test func higherRankTransposeReversesAxes() {
        let cube = integerTensor([2, 3, 4], seed: 5)
        let tt = cube.transposed()
        #expect(tt.shape == [4, 3, 2])
        for index in allIndices(cube.shape) {
            #expect(tt[index[2], index[1], index[0]] == cube[index[0], index[1], index[2]])
        }
        #expect(tt.transposed() == cube)
    }
}
