import ExerciseKit
import Testing

@Suite("Construction and element access")
struct ConstructionTests {
    @Test func shapeAndScalarsAreStoredRowMajor() {
        let t = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
        #expect(t.shape == [2, 3])
        #expect(t.scalars == [1, 2, 3, 4, 5, 6])
        #expect(t.rank == 2)
        #expect(t.scalarCount == 6)
        #expect(t[0, 0] == 1)
        #expect(t[0, 2] == 3)
        #expect(t[1, 0] == 4)
        #expect(t[1, 2] == 6)
    }

    @Test func scalarShapeHoldsOneElement() {
        let t = Tensor(shape: [], scalars: [7])
        #expect(t.rank == 0)
        #expect(t.scalarCount == 1)
        #expect(t[] == 7)
    }

    @Test func nestedArraysMakeAMatrix() {
        let t = Tensor([[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]])
        #expect(t.shape == [2, 3])
        #expect(t.scalars == [0.1, 0.2, 0.3, 0.4, 0.5, 0.6])
        #expect(t[1, 1] == 0.5)
    }

    @Test func emptyNestedArrayIsZeroByZero() {
        let rows: [[Double]] = []
        let t = Tensor(rows)
        #expect(t.shape == [0, 0])
        #expect(t.scalars.isEmpty)
        #expect(Tensor([[]]).shape == [1, 0])
    }

    @Test func vectorInitializerIsRankOne() {
        let t = Tensor([3, 1, 2])
        #expect(t.shape == [3])
        #expect(t[1] == 1)
    }

    @Test func repeatingAndZeros() {
        let t = Tensor(repeating: 2.5, shape: [2, 2])
        #expect(t.shape == [2, 2])
        #expect(t.scalars == [2.5, 2.5, 2.5, 2.5])
        #expect(Tensor.zeros([3, 0, 2]).scalars.isEmpty)
        #expect(Tensor.zeros([2, 3]).scalars == Array(repeating: 0, count: 6))
        #expect(Tensor.zeros([]).scalars == [0])
        let like = Tensor.zeros(like: t)
        #expect(like.shape == [2, 2])
        #expect(like.scalars == [0, 0, 0, 0])
        #expect(Tensor.ones([2]).scalars == [1, 1])
    }

    @Test func subscriptSettersWriteTheRightElement() {
        var t = Tensor.zeros([2, 3])
        t[1, 2] = 9
        t[flat: 1] = 4
        #expect(t.scalars == [0, 4, 0, 0, 0, 9])
        #expect(t[flat: 5] == 9)
        var cube = Tensor.zeros([2, 3, 4])
        cube[1, 2, 3] = 1
        cube[0, 1, 2] = 2
        #expect(cube.scalars[23] == 1)
        #expect(cube.scalars[6] == 2)
    }
}
