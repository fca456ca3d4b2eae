import ExerciseKit
import ReferenceSolutions

/// Computes the expected outputs of a case by running the reference implementation in the grader's
/// own process: the only code the grader trusts to decide a score.
public enum ReferenceRunner {
    /// The reference outputs of a case, in ``GradedClass/quantities`` order.
    ///
    /// - Parameter testCase: a case made by ``CaseGenerator``.
    /// - Returns: one tensor per scored quantity of the case's class.
    public static func expectedOutputs(for testCase: TestCase) -> [Tensor] {
        let inputs = testCase.inputs
        switch testCase.gradedClass {
        case .fullyConnected:
            let layer = ReferenceSolutions.FullyConnected(W: inputs[0], b: inputs[1])
            _ = layer.forward(inputs[2])
            let dx = layer.backward(inputs[3])
            return [dx, layer.dW ?? Tensor.zeros([0]), layer.db ?? Tensor.zeros([0])]
        case .sigmoid:
            let layer = ReferenceSolutions.Sigmoid()
            _ = layer.forward(inputs[0])
            return [layer.backward(inputs[1])]
        case .relu:
            let layer = ReferenceSolutions.ReLU()
            _ = layer.forward(inputs[0])
            return [layer.backward(inputs[1])]
        case .softmaxWithLoss:
            let layer = ReferenceSolutions.SoftmaxWithLoss()
            _ = layer.forward(inputs[0], labels(inputs[1]))
            return [layer.backward()]
        case .meanSquaredError:
            let layer = ReferenceSolutions.MeanSquaredError()
            _ = layer.forward(inputs[0], inputs[1])
            return [layer.backward()]
        }
    }

    /// Class indices carried as a tensor of whole numbers.
    static func labels(_ tensor: Tensor) -> [Int] {
        tensor.scalars.map { Int($0) }
    }
}
