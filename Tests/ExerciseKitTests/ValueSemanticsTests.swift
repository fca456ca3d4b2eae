import ExerciseKit
import Testing

@Suite("Value semantics, equality and hashing")
struct ValueSemanticsTests {
    @Test func mutatingACopyLeavesTheOriginal() {
        let original = Tensor([[1, 2], [3, 4]])
        var copy = original
        copy[0, 0] = 100
        copy[flat: 3] = -1
        #expect(original.scalars == [1, 2, 3, 4])
        #expect(copy.scalars == [100, 2, 3, -1])
    }

    @Test func inPlaceOperatorsDoNotLeakIntoCopies() {
        let original = Tensor([1, 2, 3])
        var a = original
        a += 1
        var b = original
        b *= Tensor([2, 2, 2])
        #expect(original.scalars == [1, 2, 3])
        #expect(a.scalars == [2, 3, 4])
        #expect(b.scalars == [2, 4, 6])
    }

    @Test func reshapedAndTransposedAreIndependent() {
        let original = Tensor([[1, 2], [3, 4]])
        var r = original.reshaped(4)
        r[2] = 0
        var t = original.transposed()
        t[0, 1] = 0
        #expect(original.scalars == [1, 2, 3, 4])
        #expect(r.scalars == [1, 2, 0, 4])
        #expect(t.scalars == [1, 0, 2, 4])
    }

    @Test func equalityIsExact() {
        let a = Tensor([0.1 + 0.2])
        let b = Tensor([0.3])
        #expect(a != b)
        #expect(Tensor([0.3]) == b)
        #expect(Tensor([0.0]) == Tensor([-0.0]))
        #expect(Tensor([.nan]) != Tensor([.nan]))
    }

    @Test func equalityComparesShapes() {
        let row = Tensor([[1, 2, 3]])
        let vector = Tensor([1, 2, 3])
        #expect(row.scalars == vector.scalars)
        #expect(row != vector)
        #expect(row == vector.reshaped(1, 3))
    }

    @Test func hashingAgreesWithEquality() {
        let set: Set<Tensor> = [Tensor([1, 2]), Tensor([1, 2]), Tensor([[1, 2]]), Tensor([0.0]), Tensor([-0.0])]
        #expect(set.count == 3)
        #expect(set.contains(Tensor(shape: [1, 2], scalars: [1, 2])))
    }

    @Test func tensorsCrossTaskBoundaries() async {
        let t = Tensor([1, 2, 3])
        let doubled = await Task.detached { t * 2 }.value
        #expect(doubled.scalars == [2, 4, 6])
    }
}
