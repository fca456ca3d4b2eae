/// A class a student implements, as the grader drives it: make an instance, call forward, then backward.
///
/// Each graded class runs in its own worker process, so a crash or a timeout in one costs that
/// class's quantities only.
public enum GradedClass: String, CaseIterable, Codable, Sendable {
    case fullyConnected = "FullyConnected"
    case sigmoid = "Sigmoid"
    case relu = "ReLU"
    case softmaxWithLoss = "SoftmaxWithLoss"
    case meanSquaredError = "MeanSquaredError"

    /// The class name a submission must declare.
    public var className: String { rawValue }

    /// The exercise this class belongs to.
    public var exercise: ExerciseID {
        switch self {
        case .fullyConnected: .fcBackward
        case .sigmoid, .relu: .activationBackward
        case .softmaxWithLoss, .meanSquaredError: .lossBackward
        }
    }

    /// The scored quantities this class produces, in the order of its outputs.
    public var quantities: [ScoredQuantity] {
        switch self {
        case .fullyConnected: [.fullyConnectedBackward, .fullyConnectedDW, .fullyConnectedDB]
        case .sigmoid: [.sigmoidBackward]
        case .relu: [.reluBackward]
        case .softmaxWithLoss: [.softmaxWithLossBackward]
        case .meanSquaredError: [.meanSquaredErrorBackward]
        }
    }

    /// The names of the inputs of a case, in wire order.
    public var inputNames: [String] {
        switch self {
        case .fullyConnected: ["W", "b", "x", "dout"]
        case .sigmoid, .relu: ["x", "dout"]
        case .softmaxWithLoss: ["x", "t"]
        case .meanSquaredError: ["y", "t"]
        }
    }

    /// The C symbol of this class's entry point in a plugin.
    public var entryPointSymbol: String { "bpg_run_\(rawValue)" }

    /// The members of SPEC section 2 the grader calls, as a student should declare them.
    public var expectedDeclaration: String {
        switch self {
        case .fullyConnected:
            "final class FullyConnected { init(W: Tensor, b: Tensor); func forward(_ x: Tensor) -> Tensor; "
                + "func backward(_ dout: Tensor) -> Tensor; var dW: Tensor?; var db: Tensor? }"
        case .sigmoid, .relu:
            "final class \(rawValue) { init(); func forward(_ x: Tensor) -> Tensor; func backward(_ dout: Tensor) -> Tensor }"
        case .softmaxWithLoss:
            "final class SoftmaxWithLoss { init(); func forward(_ x: Tensor, _ t: [Int]) -> Double; func backward() -> Tensor }"
        case .meanSquaredError:
            "final class MeanSquaredError { init(); func forward(_ y: Tensor, _ t: Tensor) -> Double; func backward() -> Tensor }"
        }
    }
}
