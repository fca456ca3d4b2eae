/// Tensors for people: numpy-like, one row a line, long axes elided around their ends and around
/// one element of interest (the largest error), which is marked `»like this«`.
public enum TensorText {
    /// Renders a tensor.
    ///
    /// - Parameters:
    ///   - shape: its shape.
    ///   - scalars: its elements, row-major (as many as the shape says).
    ///   - focus: the multi-index of an element to keep in view and mark, if any.
    ///   - edge: how many entries of a long axis are shown at each end.
    ///   - indent: the prefix of every line after the first.
    /// - Returns: the text; a tensor whose scalars do not match its shape is described, not drawn.
    public static func render(shape: [Int], scalars: [Double], focus: [Int]? = nil, edge: Int = 3, indent: String = "")
        -> String
    {
        guard shape.reduce(1, *) == scalars.count else {
            return "(\(scalars.count) values for shape \(Comparison.format(shape)))"
        }
        guard !shape.isEmpty else { return scalars.first.map { mark($0, focus != nil) } ?? "" }
        if shape.contains(0) {
            return String(repeating: "[", count: shape.count) + String(repeating: "]", count: shape.count)
        }
        var text = ""
        append(
            axis: 0, offset: 0, shape: shape, scalars: scalars, focus: focus, onFocus: focus != nil, edge: edge,
            indent: indent, to: &text)
        return text
    }

    /// The indices of an axis of `length` to show: all when short, else both ends and around `focus`.
    static func shown(_ length: Int, focus: Int?, edge: Int) -> [Int?] {
        guard length > 2 * edge + 3 else { return Array(0..<length) }
        var indices = Set(0..<edge).union((length - edge)..<length)
        if let focus, focus >= 0, focus < length { indices.formUnion(max(0, focus - 1)...min(length - 1, focus + 1)) }
        var result: [Int?] = []
        for index in indices.sorted() {
            if let last = result.last, let previous = last, index > previous + 1 { result.append(nil) }
            result.append(index)
        }
        return result
    }

    private static func append(
        axis: Int, offset: Int, shape: [Int], scalars: [Double], focus: [Int]?, onFocus: Bool, edge: Int,
        indent: String, to text: inout String
    ) {
        let stride = shape[(axis + 1)...].reduce(1, *)
        let focusIndex = onFocus ? focus?[axis] : nil
        let entries = shown(shape[axis], focus: focusIndex, edge: edge)
        text += "["
        if axis == shape.count - 1 {
            text += entries.map { entry in
                guard let index = entry else { return "..." }
                return mark(scalars[offset + index], onFocus && index == focusIndex)
            }.joined(separator: ", ")
        } else {
            let inner = indent + String(repeating: " ", count: axis + 1)
            for (position, entry) in entries.enumerated() {
                if position > 0 { text += ",\n" + inner }
                guard let index = entry else {
                    text += "..."
                    continue
                }
                append(
                    axis: axis + 1, offset: offset + index * stride, shape: shape, scalars: scalars, focus: focus,
                    onFocus: onFocus && index == focusIndex, edge: edge, indent: indent, to: &text)
            }
        }
        text += "]"
    }

    private static func mark(_ value: Double, _ focused: Bool) -> String {
        let text = Comparison.describe(value)
        return focused ? "»\(text)«" : text
    }
}
