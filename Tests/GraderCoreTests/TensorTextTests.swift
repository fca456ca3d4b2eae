// Tensors for people: numpy-like text with long axes elided around the worst element.

import Testing

@testable import GraderCore

@Suite("Tensor text")
struct TensorTextTests {
    @Test("a short vector in full, a scalar bare, an empty tensor as brackets")
    func small() {
        #expect(TensorText.render(shape: [3], scalars: [1, 2.5, -3]) == "[1, 2.5, -3]")
        #expect(TensorText.render(shape: [], scalars: [4]) == "4")
        #expect(TensorText.render(shape: [2, 0], scalars: []) == "[[]]")
    }

    @Test("a long axis keeps both ends and the focus with its neighbours, marked")
    func elidedAroundTheFocus() {
        let scalars = (0..<20).map(Double.init)
        #expect(
            TensorText.render(shape: [20], scalars: scalars, focus: [10])
                == "[0, 1, 2, ..., 9, »10«, 11, ..., 17, 18, 19]")
        #expect(TensorText.render(shape: [20], scalars: scalars) == "[0, 1, 2, ..., 17, 18, 19]")
        // A focus next to an end joins it: no "..." between neighbours.
        #expect(TensorText.render(shape: [20], scalars: scalars, focus: [3]) == "[0, 1, 2, »3«, 4, ..., 17, 18, 19]")
    }

    @Test("a matrix is a row a line, indented; only the focus row is marked")
    func matrix() {
        let text = TensorText.render(shape: [2, 2], scalars: [1, 2, 3, 4], focus: [1, 0], indent: "  ")
        #expect(text == "[[1, 2],\n   [»3«, 4]]")
    }

    @Test("scalars that do not fill the shape are described, not drawn")
    func mismatch() {
        #expect(TensorText.render(shape: [2, 2], scalars: [1]) == "(1 values for shape [2, 2])")
    }
}
