import ExerciseKit

extension CaseRandom {
    /// A tensor of `shape` with elements uniform in `[low, high)`, each rounded to 1/1024 (see
    /// ``roundedUniform(_:_:)``), drawn in row-major order.
    public mutating func tensor(_ shape: [Int], _ low: Double, _ high: Double) -> Tensor {
        let count = shape.reduce(1, *)
        return Tensor(shape: shape, scalars: (0..<count).map { _ in roundedUniform(low, high) })
    }
}
