import GraderCore

// Conveniences over the standard catalog, for tests: what `CaseIterable` and the per-case switches
// gave when exercises, classes and quantities were enums. They live in the test target so that the
// library cannot lean on the standard catalog: it uses the configured exercise alone (a course of
// its own, like the Tanh one in ExtensibilityTests, works the same).

extension ExerciseID {
    /// The standard exercises' ids, in order (what `CaseIterable` gave when ids were an enum).
    public static var allCases: [ExerciseID] { ExerciseCatalog.standard.ids }

    /// The standard exercise with this id.
    fileprivate var standardExercise: Exercise? { ExerciseCatalog.standard.exercise(self) }

    /// The standard exercise's file name, or "" for another id.
    public var fileName: String { standardExercise?.fileName ?? "" }

    /// The standard exercise's classes.
    public var gradedClasses: [GradedClass] { standardExercise?.classes ?? [] }

    /// The standard exercise's quantities.
    public var quantities: [ScoredQuantity] { standardExercise?.quantities ?? [] }

    /// The standard exercise's title.
    public var defaultTitle: String { standardExercise?.defaultTitle ?? rawValue }
}

extension GradedClass {
    /// Every class of the standard exercises (what `CaseIterable` gave).
    public static var allCases: [GradedClass] { ExerciseCatalog.standard.classes }
}

extension ScoredQuantity {
    /// Every quantity of the standard exercises (what `CaseIterable` gave).
    public static var allCases: [ScoredQuantity] { ExerciseCatalog.standard.classes.flatMap(\.quantities) }

    /// The standard class that produces it (the fixtures name standard quantities only).
    public var gradedClass: GradedClass {
        guard let owner = ExerciseCatalog.standard.gradedClass(of: self) else {
            preconditionFailure("\(rawValue) is not a quantity of the standard catalog")
        }
        return owner
    }

    /// Its position among its standard class's outputs.
    public var outputIndex: Int { gradedClass.outputIndex(self) ?? 0 }

    /// Its points in the shipped `grader.json`.
    public var defaultPoints: Double {
        ExerciseCatalog.standard.exercise(gradedClass.exercise)?.defaultPoints[self] ?? 0
    }
}

extension Array where Element == GradingPlan.ClassPlan {
    /// The plan of `gradedClass` (what the plans' dictionary by class gave).
    public subscript(_ gradedClass: GradedClass) -> GradingPlan.ClassPlan? {
        first { $0.gradedClass == gradedClass }
    }
}

extension ExerciseReport {
    /// The result of `quantity`, if the report has it.
    public func method(_ quantity: ScoredQuantity) -> MethodResult? { methods.first { $0.name == quantity } }
}
