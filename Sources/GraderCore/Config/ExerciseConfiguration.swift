/// One exercise's entry in `grader.json`.
public struct ExerciseConfiguration: Sendable, Equatable {
    /// The exercise (from the catalog).
    public var exercise: Exercise
    /// Its title.
    public var title: String
    /// The student template, relative to the configuration's directory.
    public var template: String
    /// The reference implementation's source, relative to the configuration's directory (SPEC
    /// section 5): compiled once per kit with the grader's glue, a self-check that the glue compiles
    /// with this toolchain, so that a glue error on a student's file is the student's (the expected
    /// values come from the references built into the grader, compiled from the same files).
    public var reference: String
    /// Random cases per class.
    public var randomCases: Int
    /// Whether the large edge cases run.
    public var largeCase: Bool
    /// Points per scored quantity.
    public var pointsByQuantity: [ScoredQuantity: Double]

    /// The exercise's id.
    public var id: ExerciseID { exercise.id }

    /// The submission file name (SPEC section 2).
    public var file: String { exercise.fileName }

    /// The points of a quantity (0 when absent).
    public func points(_ quantity: ScoredQuantity) -> Double { pointsByQuantity[quantity] ?? 0 }

    /// The exercise's maximum score.
    public var maxScore: Double { exercise.quantities.reduce(0) { $0 + points($1) } }

    static func parse(_ value: JSONValue, key: String, catalog: ExerciseCatalog) throws -> ExerciseConfiguration {
        let fields = try Fields(value, key: key)
        try fields.refuseUnknown(["id", "title", "file", "template", "reference", "randomCases", "largeCase", "points"])
        let rawID = try fields.string("id")
        guard let exercise = catalog.exercise(ExerciseID(rawValue: rawID)) else {
            throw ConfigError.badValue(
                key: key + ".id",
                reason: "is '\(rawID)'; the exercises are " + catalog.ids.map(\.rawValue).joined(separator: ", "))
        }
        // SPEC section 5 has the file name in the configuration; it must be the exercise's own.
        let file = try fields.string("file")
        guard file == exercise.fileName else {
            throw ConfigError.badValue(
                key: key + ".file", reason: "must be \(exercise.fileName) for \(exercise.id.rawValue)")
        }
        let pointsFields = try Fields(try fields.required("points"), key: key + ".points")
        try pointsFields.refuseUnknown(exercise.quantities.map(\.rawValue))
        var points: [ScoredQuantity: Double] = [:]
        for quantity in exercise.quantities {
            points[quantity] = try pointsFields.number(quantity.rawValue, range: 0...1000)
        }
        return ExerciseConfiguration(
            exercise: exercise, title: try fields.string("title", default: exercise.defaultTitle),
            template: try fields.string("template"), reference: try fields.string("reference"),
            randomCases: try fields.integer("randomCases", range: 0...1000, default: 8),
            largeCase: try fields.bool("largeCase", default: false), pointsByQuantity: points)
    }
}
