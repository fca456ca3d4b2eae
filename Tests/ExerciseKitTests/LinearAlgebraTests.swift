import ExerciseKit
import Testing

@Suite("Matrix product")
struct LinearAlgebraTests {
    @Test func handComputedProduct() {
        let a = Tensor([[1, 2, 3], [4, 5, 6]])
        let b = Tensor([[7, 8], [9, 10], [11, 12]])
        let c = a.matmul(b)
        #expect(c.shape == [2, 2])
        #expect(c.scalars == [58, 64, 139, 154])
    }

    @Test func vectorTimesMatrix() {
        let v = Tensor([1, 2, 3])
        let b = Tensor([[7, 8], [9, 10], [11, 12]])
        let r = v.matmul(b)
        #expect(r.shape == [2])
        #expect(r.scalars == [58, 64])
    }

    @Test func matrixTimesVector() {
        let a = Tensor([[1, 2, 3], [4, 5, 6]])
        let r = a.matmul(Tensor([1, 0, -1]))
        #expect(r.shape == [2])
        #expect(r.scalars == [-2, -2])
    }

    @Test func vectorDotVectorIsAScalarTensor() {
        let r = Tensor([1, 2, 3]).matmul(Tensor([4, 5, 6]))
        #expect(r.shape == [])
        #expect(r.scalars == [32])
    }

    @Test func emptyInnerDimensionGivesZeros() {
        let r = Tensor.zeros([2, 0]).matmul(Tensor.zeros([0, 3]))
        #expect(r == Tensor.zeros([2, 3]))
    }

    // Sizes straddle the kernel's unrolling by 4, its pairs of rows and its k and j blocks.
    @Test(arguments: [
        (1, 1, 1), (2, 3, 4), (3, 5, 7), (5, 4, 1), (1, 9, 6),
        (7, 130, 9), (4, 257, 515), (9, 300, 33),
    ])
    func matchesTheTripleLoop(m: Int, k: Int, n: Int) {
        let a = integerTensor([m, k], seed: UInt64(m * 31 + k))
        let b = integerTensor([k, n], seed: UInt64(n * 17 + k))
        #expect(a.matmul(b) == naiveMatmul(a, b))
    }

    @Test func gradientShapesOfAFullyConnectedLayer() {
        let x = integerTensor([4, 3], seed: 1)
        let w = integerTensor([3, 2], seed: 2)
        let dout = integerTensor([4, 2], seed: 3)
        #expect(x.matmul(w).shape == [4, 2])
        #expect(dout.matmul(w.transposed()).shape == [4, 3])
        #expect(x.transposed().matmul(dout).shape == [3, 2])
        #expect(x.transposed().matmul(dout) == naiveMatmul(x.transposed(), dout))
    }
}
