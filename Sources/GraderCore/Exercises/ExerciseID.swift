/// One of the three exercises the grader knows.
///
/// The raw value is the id used on the command line, in `grader.json` and in reports.
public enum ExerciseID: String, CaseIterable, Codable, Sendable, Comparable {
    case fcBackward = "fc-backward"
    case activationBackward = "activation-backward"
    case lossBackward = "loss-backward"

    /// The file a submission for this exercise must be named.
    public var fileName: String {
        switch self {
        case .fcBackward: "FullyConnected.swift"
        case .activationBackward: "Activations.swift"
        case .lossBackward: "Losses.swift"
        }
    }

    /// The classes of SPEC section 2 that the grader instantiates, in grading order.
    public var gradedClasses: [GradedClass] {
        switch self {
        case .fcBackward: [.fullyConnected]
        case .activationBackward: [.sigmoid, .relu]
        case .lossBackward: [.softmaxWithLoss, .meanSquaredError]
        }
    }

    /// The scored quantities of this exercise, in report order.
    public var quantities: [ScoredQuantity] { gradedClasses.flatMap(\.quantities) }

    /// A short human title, used when `grader.json` gives none.
    public var defaultTitle: String {
        switch self {
        case .fcBackward: "Backward pass of a fully-connected layer"
        case .activationBackward: "Backward pass of Sigmoid and ReLU"
        case .lossBackward: "Backward pass of SoftmaxWithLoss and MeanSquaredError"
        }
    }

    public static func < (lhs: ExerciseID, rhs: ExerciseID) -> Bool {
        allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
    }
}
