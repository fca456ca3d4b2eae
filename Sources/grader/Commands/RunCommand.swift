import Foundation
import GraderCore

/// `grader run --exercise ID --submission PATH`: grades one submission.
enum RunCommand {
    static let spec = CommandSpec(
        name: "run", usage: "--exercise ID --submission PATH [options]", summary: "grade one submission",
        details: "Grades one submission: PATH is the submission file, or a folder holding the exercise's file.",
        options: [
            .value("exercise", "ID", "the exercise, e.g. fc-backward"),
            .value("submission", "PATH", "the file or folder to grade"),
            .value("format", "FORMAT", "text (default), json (the report) or gradescope (results.json)"),
            .value("json", "FILE", "also write the JSON report to FILE (atomically)"),
        ] + CommandSpec.commonOptions)

    static func run(_ parsed: ParsedArguments, console: Console) throws -> ExitStatus {
        let common = try CommonOptions(parsed)
        let exerciseText = try parsed.required("exercise")
        let submission = try parsed.required("submission")
        let format = try parsed.choice("format", ["text", "json", "gradescope"], default: "text")
        let configuration = try common.configuration()
        let exercise = try CommonOptions.exercise(exerciseText, in: configuration, command: "run")
        guard FileManager.default.fileExists(atPath: submission) else {
            throw GraderError.submissionNotFound(path: submission)
        }
        let grader = try common.grader(configuration, exercises: [exercise.id])
        let view = RunProgressView(console: console, enabled: console.errorIsTerminal)
        let report = try grader.grade(
            path: submission, exercise: exercise.id,
            control: GradingControl(progress: view.show, isCancelled: { Interrupt.isRequested }))
        view.clear()
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
        return .success
    }
}
