import GraderCore

/// `grader list`: the exercises, their files and points.
enum ListCommand {
    static let spec = CommandSpec(
        name: "list", usage: "[options]", summary: "the exercises, their files and points",
        details: "Lists the configured exercises with their submission file, classes and points.",
        options: [CommandSpec.commonOptions[0]])

    static func run(_ parsed: ParsedArguments, console: Console) throws -> ExitStatus {
        let configuration = try CommonOptions(parsed).configuration()
        for exercise in configuration.exercises {
            console.out(console.styled("\(exercise.id.rawValue)", .bold) + "  \(exercise.title)")
            console.out("  file: \(exercise.file)   template: \(exercise.template)")
            for quantity in exercise.exercise.quantities {
                console.out("  \(quantity.rawValue): \(Points(exercise.points(quantity))) points")
            }
            console.out("  total: \(Points(exercise.maxScore)) points")
        }
        return .success
    }
}
