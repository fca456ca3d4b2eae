import ExerciseKit
import Testing

@Suite("Description")
struct DescriptionTests {
    @Test func matrixPrintsLikeNumpyWithItsShape() {
        #expect(Tensor([[0.1, 0.2], [0.3, 0.4]]).description == "[[0.1, 0.2], [0.3, 0.4]] (shape [2, 2])")
        #expect("\(Tensor([1, 2.5]))" == "[1.0, 2.5] (shape [2])")
    }

    @Test func scalarsAndEmptyTensors() {
        #expect(Tensor(shape: [], scalars: [5]).description == "5.0 (shape [])")
        #expect(Tensor.zeros([0]).description == "[] (shape [0])")
        #expect(Tensor.zeros([2, 0]).description == "[[], []] (shape [2, 0])")
    }

    @Test func rankThreeNests() {
        let t = Tensor(shape: [2, 1, 2], scalars: [1, 2, 3, 4])
        #expect(t.description == "[[[1.0, 2.0]], [[3.0, 4.0]]] (shape [2, 1, 2])")
    }

    @Test func largeTensorsAreAbbreviated() {
        let long = Tensor((0..<1000).map(Double.init))
        #expect(long.description == "[0.0, 1.0, 2.0, ..., 997.0, 998.0, 999.0] (shape [1000])")
        let matrix = Tensor(shape: [100, 100], scalars: (0..<10000).map(Double.init))
        let text = matrix.description
        #expect(text.hasPrefix("[[0.0, 1.0, 2.0, ..., 97.0, 98.0, 99.0], [100.0, "))
        #expect(text.hasSuffix("9999.0]] (shape [100, 100])"))
        #expect(text.count < 400)
        // At the threshold nothing is abbreviated.
        let small = Tensor((0..<Tensor.summaryThreshold).map(Double.init))
        #expect(!small.description.contains("..."))
    }
}
