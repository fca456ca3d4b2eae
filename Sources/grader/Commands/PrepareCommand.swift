import GraderCore

/// `grader prepare`: builds what grading needs before the first submission (an autograder's
/// `setup.sh` runs it when the platform builds its image).
enum PrepareCommand {
    static let spec = CommandSpec(
        name: "prepare", usage: "[options]", summary: "build ExerciseKit for plugins and check the references",
        details: """
            Builds ExerciseKit for plugins in the cache (once per toolchain and kit version), compiles each
            exercise's reference with the grader's glue, and derives the compile recipe (swift-frontend and
            ld.lld run directly, from the plan of the swiftc driver), so that grading a submission then
            compiles only the submission. Grading does this itself when it is needed; an autograder's
            setup.sh runs it ahead. Says whether plugins are compiled directly or through the driver (and
            why); GRADER_COMPILE=driver always uses the driver.
            """,
        options: [
            .value("exercise", "ID", "prepare only this exercise (repeatable; default: all)", repeatable: true)
        ] + CommandSpec.commonOptions)

    static func run(_ parsed: ParsedArguments, console: Console) throws -> ExitStatus {
        let common = try CommonOptions(parsed)
        let configuration = try common.configuration()
        let chosen = try parsed.all("exercise").map {
            try CommonOptions.exercise($0, in: configuration, command: "prepare").id
        }
        let exercises = configuration.exercises.filter { chosen.isEmpty || chosen.contains($0.id) }
        let grader = try common.grader(configuration, exercises: exercises.map(\.id))
        console.out("ExerciseKit for plugins: \(grader.compiler.kit.directory)")
        console.out("references compile: \(exercises.map(\.id.rawValue).joined(separator: ", "))")
        if let compiler = grader.compiler as? PluginCompiler {
            console.out("plugins are compiled with \(try compiler.compilePath())")
        }
        return .success
    }
}
