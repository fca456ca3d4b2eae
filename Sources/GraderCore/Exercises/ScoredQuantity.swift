/// A quantity the grader scores, with its own points in `grader.json` (SPEC section 4).
///
/// The raw value is the name used in `grader.json` and in reports.
public enum ScoredQuantity: String, CaseIterable, Codable, Sendable {
    case fullyConnectedBackward = "FullyConnected.backward"
    case fullyConnectedDW = "FullyConnected.dW"
    case fullyConnectedDB = "FullyConnected.db"
    case sigmoidBackward = "Sigmoid.backward"
    case reluBackward = "ReLU.backward"
    case softmaxWithLossBackward = "SoftmaxWithLoss.backward"
    case meanSquaredErrorBackward = "MeanSquaredError.backward"

    /// The class whose instance produces this quantity.
    public var gradedClass: GradedClass {
        switch self {
        case .fullyConnectedBackward, .fullyConnectedDW, .fullyConnectedDB: .fullyConnected
        case .sigmoidBackward: .sigmoid
        case .reluBackward: .relu
        case .softmaxWithLossBackward: .softmaxWithLoss
        case .meanSquaredErrorBackward: .meanSquaredError
        }
    }

    /// The position of this quantity among its class's outputs.
    public var outputIndex: Int { gradedClass.quantities.firstIndex(of: self) ?? 0 }

    /// What the student's code returns for this quantity, in words for messages.
    public var outputDescription: String {
        switch self {
        case .fullyConnectedBackward: "the dx returned by backward"
        case .fullyConnectedDW: "dW after backward"
        case .fullyConnectedDB: "db after backward"
        default: "the gradient returned by backward"
        }
    }

    /// The default points, used by the shipped `grader.json`.
    public var defaultPoints: Double {
        switch self {
        case .fullyConnectedBackward: 4
        case .fullyConnectedDW, .fullyConnectedDB: 3
        default: 5
        }
    }
}
