import ExerciseKit
import Testing

@Suite("Element-wise arithmetic and broadcasting")
struct BroadcastingTests {
    let m = Tensor([[1, 2, 3], [4, 5, 6]])

    @Test func sameShape() {
        let other = Tensor([[10, 20, 30], [40, 50, 60]])
        #expect((m + other).scalars == [11, 22, 33, 44, 55, 66])
        #expect((other - m).scalars == [9, 18, 27, 36, 45, 54])
        #expect((m * other).scalars == [10, 40, 90, 160, 250, 360])
        #expect((other / m).scalars == [10, 10, 10, 10, 10, 10])
        #expect((m + other).shape == [2, 3])
    }

    @Test func rowBroadcastAddsToEveryRow() {
        let b = Tensor([10, 20, 30])
        #expect((m + b).scalars == [11, 22, 33, 14, 25, 36])
        #expect((b - m).scalars == [9, 18, 27, 6, 15, 24])
        #expect((m + b.reshaped(1, 3)).scalars == [11, 22, 33, 14, 25, 36])
    }

    @Test func columnBroadcastAppliesPerRow() {
        let c = Tensor([[1], [2]])
        #expect((m - c).scalars == [0, 1, 2, 2, 3, 4])
        #expect((m / c).scalars == [1, 2, 3, 2, 2.5, 3])
        #expect((c * m).scalars == [1, 2, 3, 8, 10, 12])
    }

    @Test func rowTimesColumnMakesAnOuterProduct() {
        let row = Tensor([[1, 2, 3]])
        let column = Tensor([[10], [20]])
        let outer = column * row
        #expect(outer.shape == [2, 3])
        #expect(outer.scalars == [10, 20, 30, 20, 40, 60])
    }

    @Test func scalarOperandsOnBothSides() {
        #expect((m + 1).scalars == [2, 3, 4, 5, 6, 7])
        #expect((1 + m).scalars == [2, 3, 4, 5, 6, 7])
        #expect((m - 1).scalars == [0, 1, 2, 3, 4, 5])
        #expect((1 - m).scalars == [0, -1, -2, -3, -4, -5])
        #expect((m * 2).scalars == [2, 4, 6, 8, 10, 12])
        #expect((2 * m).scalars == [2, 4, 6, 8, 10, 12])
        #expect((m / 2).scalars == [0.5, 1, 1.5, 2, 2.5, 3])
        #expect((6 / m).scalars == [6, 3, 2, 1.5, 1.2, 1])
        #expect((-m).scalars == [-1, -2, -3, -4, -5, -6])
        let s = Tensor(shape: [], scalars: [10])
        #expect((m * s) == m * 10)
        #expect((s - m) == 10 - m)
        #expect((m + s).shape == [2, 3])
    }

    @Test func compoundAssignment() {
        var t = m
        t += Tensor([1, 1, 1])
        #expect(t.scalars == [2, 3, 4, 5, 6, 7])
        t -= Tensor([[1], [2]])
        #expect(t.scalars == [1, 2, 3, 3, 4, 5])
        t *= 2
        #expect(t.scalars == [2, 4, 6, 6, 8, 10])
        t /= Tensor(shape: [], scalars: [2])
        #expect(t.scalars == [1, 2, 3, 3, 4, 5])
        t += 1
        t -= 0.5
        t /= 0.5
        #expect(t.scalars == [3, 5, 7, 7, 9, 11])
        t *= t
        #expect(t.scalars == [9, 25, 49, 49, 81, 121])
        #expect(m.scalars == [1, 2, 3, 4, 5, 6])
    }

    @Test func selfAssignmentThroughACopyIsSafe() {
        var t = m
        t += t
        #expect(t.scalars == [2, 4, 6, 8, 10, 12])
    }

    // Every pair is computed both by the library (fast paths and the strided fallback) and by
    // an element-by-element reference.
    @Test(arguments: [
        ([2, 3], [2, 3]), ([2, 3], [3]), ([3], [2, 3]), ([2, 3], [2, 1]), ([2, 1], [2, 3]),
        ([4, 1, 5], [3, 1]), ([3, 1, 5], [3, 4, 5]), ([3, 4, 5], [4, 1]), ([1, 4, 1], [3, 1, 5]),
        ([2, 3, 4], [1]), ([1], [2, 3, 4]), ([2, 3, 4], [3, 4]), ([2, 3, 4], [2, 3, 1]),
        ([2, 3, 4], [2, 1, 1]), ([5, 1], [1, 6]), ([1, 6], [5, 1]), ([0, 3], [3]), ([7], []),
    ])
    func matchesElementwiseReference(lhs: [Int], rhs: [Int]) throws {
        let a = integerTensor(lhs, seed: UInt64(lhs.reduce(7, *)))
        let b = integerTensor(rhs, seed: UInt64(rhs.reduce(3, *))) + 10
        let sum = try #require(naiveBroadcast(a, b, +))
        #expect(a + b == sum)
        #expect(a - b == naiveBroadcast(a, b, -))
        #expect(a * b == naiveBroadcast(a, b, *))
        #expect(a / b == naiveBroadcast(a, b, /))
        if sum.shape == a.shape {
            var c = a
            c -= b
            #expect(c == naiveBroadcast(a, b, -))
        }
    }

    @Test func mapAndZipMap() {
        #expect(m.map { $0 * $0 }.scalars == [1, 4, 9, 16, 25, 36])
        #expect(m.map { $0 > 3 ? $0 : 0 }.shape == [2, 3])
        let y = Tensor([[0.5, 0.25]])
        let dout = Tensor([[2, 4]])
        let dx = y.zipMap(dout) { y, d in d * y * (1 - y) }
        #expect(dx.shape == [1, 2])
        #expect(dx.scalars == [0.5, 0.75])
    }

    @Test func mathFunctions() {
        let x = Tensor([0, 1, 4])
        #expect(exp(x).scalars[0] == 1)
        #expect(abs(exp(x).scalars[1] - 2.718281828459045) < 1e-15)
        #expect(log(exp(x)).scalars[0] == 0)
        #expect(log(Tensor([1, 0])).scalars == [0, -.infinity])
        #expect(sqrt(x).scalars == [0, 1, 2])
        #expect(sqrt(x).shape == [3])
    }
}
