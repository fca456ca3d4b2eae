/// An exercise: the file a submission hands in and the graded classes it must define.
public struct Exercise: Sendable, Equatable {
    /// Its id.
    public let id: ExerciseID
    /// The file a submission for it must be named.
    public let fileName: String
    /// A short human title, used when `grader.json` gives none.
    public let defaultTitle: String
    /// The classes it grades, in grading order.
    public let classes: [GradedClass]
    /// The points of each quantity in the shipped `grader.json` (what `grader init --config` writes).
    public let defaultPoints: [ScoredQuantity: Double]

    /// Creates an exercise.
    public init(
        id: ExerciseID, fileName: String, defaultTitle: String, classes: [GradedClass],
        defaultPoints: [ScoredQuantity: Double] = [:]
    ) {
        self.id = id
        self.fileName = fileName
        self.defaultTitle = defaultTitle
        self.classes = classes
        self.defaultPoints = defaultPoints
    }

    /// The scored quantities, in report order.
    public var quantities: [ScoredQuantity] { classes.flatMap(\.quantities) }

    /// The graded classes (the name reads better at some call sites).
    public var gradedClasses: [GradedClass] { classes }

    /// The class that produces `quantity`.
    public func gradedClass(of quantity: ScoredQuantity) -> GradedClass? {
        classes.first { $0.quantities.contains(quantity) }
    }
}

/// The exercises a grader knows: a registry, like swift-format's rules. ``standard`` holds the
/// three of the course; a test (or a course of its own) makes another.
public struct ExerciseCatalog: Sendable {
    /// The exercises, in column order.
    public let exercises: [Exercise]

    /// Creates a catalog.
    public init(_ exercises: [Exercise]) {
        self.exercises = exercises
    }

    /// The exercise with this id.
    public func exercise(_ id: ExerciseID) -> Exercise? { exercises.first { $0.id == id } }

    /// Every graded class, in exercise order.
    public var classes: [GradedClass] { exercises.flatMap(\.classes) }

    /// The ids, in order.
    public var ids: [ExerciseID] { exercises.map(\.id) }

    /// Every submission file name of the catalog (to recognise a student's frame in a crash report).
    public var fileNames: [String] { exercises.map(\.fileName) }

    /// The class that produces `quantity`, in any exercise.
    public func gradedClass(of quantity: ScoredQuantity) -> GradedClass? {
        classes.first { $0.quantities.contains(quantity) }
    }

    /// The three exercises of the course: `fc-backward`, `activation-backward`, `loss-backward`.
    public static let standard = ExerciseCatalog([.fcBackward, .activationBackward, .lossBackward])
}
