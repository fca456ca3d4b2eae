import Foundation
import GraderCore

/// The `grader` command line: picks the command, turns every error into one line and an exit status.
///
/// Exit status (SPEC section 8): 0 when grading finished, whatever the scores; 64 for a usage
/// error; 1 when the grader could not grade.
enum CommandLineTool {
    static let usage = """
        grader: an auto-grader for backpropagation exercises

        usage: grader <command> [options]

        commands:
          list                                      the exercises, their files and points
          run --exercise ID --submission PATH       grade one submission (a file, or a folder holding it)
          batch DIR                                 grade every student folder under DIR
          cases --exercise ID [--case K]            print generated cases (--expected adds answers)
          init --exercise ID [DIR]                  copy the template for a student to start from

        common options:
          --config FILE        the course configuration (default: ./grader.json)
          --seed N             the seed for cases (default: grader.json's)
          --time-limit SECONDS the time limit per graded class (default: grader.json's)
          -h, --help           help for a command: grader <command> --help
        """

    /// Runs the command line and returns the exit status.
    static func run(_ arguments: [String], console: Console) -> Int32 {
        guard let name = arguments.first else {
            console.err(usage)
            return 64
        }
        let rest = Array(arguments.dropFirst())
        do {
            switch name {
            case "-h", "--help", "help":
                console.out(usage)
                return 0
            case "list": return try ListCommand.run(rest, console: console)
            case "run": return try RunCommand.run(rest, console: console)
            case "batch": return try BatchCommand.run(rest, console: console)
            case "cases": return try CasesCommand.run(rest, console: console)
            case "init": return try InitCommand.run(rest, console: console)
            default: throw UsageError.unknownCommand(name)
            }
        } catch let error as UsageError {
            let help = error.command.map { "grader \($0) --help" } ?? "grader --help"
            console.err("grader: \(error) (see '\(help)')")
            return 64
        } catch let error as CustomStringConvertible & Error {
            console.err("grader: \(error)")
            return 1
        } catch {
            console.err("grader: \(error.localizedDescription)")
            return 1
        }
    }
}

/// What every grading command shares: the configuration, the seed, the time limit.
struct CommonOptions {
    static let names = ["config", "seed", "time-limit"]

    var configPath: String
    var seed: UInt64?
    var timeLimit: Double?

    init(_ arguments: ParsedArguments) throws {
        configPath = arguments.value("config") ?? "grader.json"
        if let text = arguments.value("seed") {
            guard let seed = UInt64(text) else {
                throw UsageError.badValue(option: "--seed", value: text, expected: "a whole number ≥ 0")
            }
            self.seed = seed
        }
        timeLimit = try arguments.number("time-limit", minimum: 0.1)
    }

    func configuration() throws -> CourseConfiguration {
        try CourseConfiguration.load(path: configPath)
    }

    /// Parses an exercise id, refusing unknown ones and ones the configuration lacks.
    static func exercise(_ text: String, in configuration: CourseConfiguration) throws -> ExerciseConfiguration {
        guard let id = ExerciseID(rawValue: text) else { throw GraderError.unknownExercise(text) }
        guard let exercise = configuration.exercise(id) else {
            throw ConfigError.badValue(key: "exercises", reason: "has no entry for '\(text)'")
        }
        return exercise
    }

    /// The running executable, which workers re-run in worker mode.
    static var executable: String {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
    }
}

/// Says once, plainly, which isolation mechanisms this machine could not provide.
enum SandboxNotice {
    static func print(_ reports: [ExerciseReport], console: Console) {
        guard let ran = reports.first(where: { !$0.sandbox.isEmpty }) else { return }
        let missing = SandboxMechanism.allCases.map(\.rawValue).filter { !ran.sandbox.contains($0) }
        guard !missing.isEmpty else { return }
        if let refusal = WorkerLauncher.minimalRootRefusal { console.err("grader: note: no minimal root: \(refusal)") }
        console.err(
            "grader: note: sandbox mechanisms not in force here (kernel support or permission missing): "
                + "\(missing.joined(separator: ", ")); student code still runs in a separate process with limits and "
                + "\(ran.sandbox.joined(separator: ", "))")
    }
}
