import Foundation
import GraderCore

/// `grader run --exercise ID --submission PATH`: grades one submission.
enum RunCommand {
    static let help = """
        usage: grader run --exercise ID --submission PATH [options]

        Grades one submission: PATH is the submission file, or a folder holding the exercise's file.

        options:
          --exercise ID          fc-backward, activation-backward or loss-backward
          --submission PATH      the file or folder to grade
          --format FORMAT        text (default), json (the report) or gradescope (results.json)
          --json FILE            also write the JSON report to FILE (atomically)
          --config FILE          the course configuration (default: ./grader.json)
          --seed N               the seed for cases
          --time-limit SECONDS   the time limit per graded class
        """

    static func run(_ arguments: [String], console: Console) throws -> Int32 {
        let parsed = try ParsedArguments(
            arguments, command: "run", options: CommonOptions.names + ["exercise", "submission", "format", "json"],
            flags: [], positionals: 0)
        if parsed.wantsHelp {
            console.out(help)
            return 0
        }
        let common = try CommonOptions(parsed)
        let exerciseText = try parsed.required("exercise", command: "run")
        let submission = try parsed.required("submission", command: "run")
        let format = parsed.value("format") ?? "text"
        guard ["text", "json", "gradescope"].contains(format) else {
            throw UsageError.badValue(option: "--format", value: format, expected: "text, json or gradescope")
        }
        let configuration = try common.configuration()
        let exercise = try CommonOptions.exercise(exerciseText, in: configuration)
        guard FileManager.default.fileExists(atPath: submission) else {
            throw GraderError.submissionNotFound(path: submission)
        }
        let grader = try Grader(
            configuration: configuration, exercises: [exercise.id], seed: common.seed,
            timeLimitSeconds: common.timeLimit,
            workerExecutable: CommonOptions.executable)
        let report = try grader.grade(path: submission, exercise: exercise.id)
        if let path = parsed.value("json") { try AtomicFile.write(try ReportJSON.data(report), to: path) }
        switch format {
        case "json":
            console.out(String(decoding: try ReportJSON.data(report), as: UTF8.self).trimmingCharacters(in: .newlines))
        case "gradescope":
            let results = GradescopeResults(reports: [report])
            console.out(String(decoding: try ReportJSON.data(results), as: UTF8.self).trimmingCharacters(in: .newlines))
        default: console.out(TextReport.render(report, console: console))
        }
        SandboxNotice.print([report], console: console)
        return 0
    }
}
