import GraderCore

/// `grader list`: the exercises, their files and points.
enum ListCommand {
    static let help = """
        usage: grader list [--config FILE]

        Lists the configured exercises with their submission file, classes and points.
        """

    static func run(_ arguments: [String], console: Console) throws -> Int32 {
        let parsed = try ParsedArguments(arguments, command: "list", options: ["config"], flags: [], positionals: 0)
        if parsed.wantsHelp {
            console.out(help)
            return 0
        }
        let configuration = try CommonOptions(parsed).configuration()
        for exercise in configuration.exercises {
            console.out(console.styled("\(exercise.id.rawValue)", .bold) + "  \(exercise.title)")
            console.out("  file: \(exercise.file)   template: \(exercise.template)")
            for quantity in exercise.id.quantities {
                console.out("  \(quantity.rawValue): \(TextReport.score(exercise.points(quantity))) points")
            }
            console.out("  total: \(TextReport.score(exercise.maxScore)) points")
        }
        return 0
    }
}
