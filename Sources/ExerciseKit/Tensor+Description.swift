// Printing a tensor the way numpy does, compactly.

extension Tensor: CustomStringConvertible {
    /// The number of elements above which `description` abbreviates long axes.
    public static let summaryThreshold = 100

    /// The number of leading and trailing entries shown along an abbreviated axis.
    public static let summaryEdgeItems = 3

    /// A one-line, numpy-like rendering followed by the shape.
    ///
    /// Nested brackets follow the axes, e.g. `[[0.1, 0.2], [0.3, 0.4]] (shape [2, 2])`; a scalar
    /// prints as `5.0 (shape [])`. Each element prints as Swift prints a `Double` (the shortest
    /// text that reads back to the same value). If the tensor has more than `summaryThreshold`
    /// elements, every axis longer than `2 * summaryEdgeItems` shows only its first and last
    /// `summaryEdgeItems` entries around `...`, e.g. `[0.0, 1.0, 2.0, ..., 997.0, 998.0, 999.0]`.
    ///
    /// - Complexity: O(*n*) for small tensors; bounded by the abbreviation for large ones.
    public var description: String {
        var text = ""
        if shape.isEmpty {
            text = scalars.first.map { "\($0)" } ?? ""
        } else {
            let summarising = scalars.count > Tensor.summaryThreshold
            appendAxis(0, offset: 0, summarising: summarising, to: &text)
        }
        return text + " (shape \(shape))"
    }

    /// Appends the bracketed entries of one axis, recursing into the inner axes.
    ///
    /// - Parameters:
    ///   - axis: The axis being printed.
    ///   - offset: The row-major offset of the first element of this sub-tensor.
    ///   - summarising: Whether long axes are abbreviated.
    ///   - text: The text to append to.
    private func appendAxis(_ axis: Int, offset: Int, summarising: Bool, to text: inout String) {
        let length = shape[axis]
        let stride = Tensor.product(Array(shape[(axis + 1)...]))
        let edge = Tensor.summaryEdgeItems
        let abbreviated = summarising && length > 2 * edge
        text += "["
        let shown: [Int] =
            abbreviated
            ? Array(0..<edge) + Array((length - edge)..<length)
            : Array(0..<length)
        for (position, index) in shown.enumerated() {
            if position > 0 {
                text += abbreviated && position == edge ? ", ..., " : ", "
            }
            if axis == shape.count - 1 {
                text += "\(scalars[offset + index])"
            } else {
                appendAxis(axis + 1, offset: offset + index * stride, summarising: summarising, to: &text)
            }
        }
        text += "]"
    }
}
