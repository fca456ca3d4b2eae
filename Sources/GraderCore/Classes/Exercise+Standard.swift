// The three exercises of the course, registered in `ExerciseCatalog.standard`.

extension ExerciseID {
    /// The fully-connected layer's backward pass.
    public static let fcBackward: ExerciseID = "fc-backward"
    /// Sigmoid's and ReLU's backward passes.
    public static let activationBackward: ExerciseID = "activation-backward"
    /// SoftmaxWithLoss's and MeanSquaredError's backward passes.
    public static let lossBackward: ExerciseID = "loss-backward"
}

extension Exercise {
    /// `FullyConnected.swift`: dx, dW and db.
    public static let fcBackward = Exercise(
        id: .fcBackward, fileName: "FullyConnected.swift", defaultTitle: "Backward pass of a fully-connected layer",
        classes: [.fullyConnected],
        defaultPoints: [.fullyConnectedBackward: 4, .fullyConnectedDW: 3, .fullyConnectedDB: 3])

    /// `Activations.swift`: Sigmoid and ReLU.
    public static let activationBackward = Exercise(
        id: .activationBackward, fileName: "Activations.swift", defaultTitle: "Backward pass of Sigmoid and ReLU",
        classes: [.sigmoid, .relu], defaultPoints: [.sigmoidBackward: 5, .reluBackward: 5])

    /// `Losses.swift`: SoftmaxWithLoss and MeanSquaredError.
    public static let lossBackward = Exercise(
        id: .lossBackward, fileName: "Losses.swift",
        defaultTitle: "Backward pass of SoftmaxWithLoss and MeanSquaredError",
        classes: [.softmaxWithLoss, .meanSquaredError],
        defaultPoints: [.softmaxWithLossBackward: 5, .meanSquaredErrorBackward: 5])
}
