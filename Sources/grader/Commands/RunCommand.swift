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
            .value("case", "K", "run case K alone and show its inputs, expected and actual values"),
            .value("class", "NAME", "with --case: only this class's case"),
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
        if let index = try parsed.integer("case", range: 0...100_000) {
            return try reproduce(
                grader, exercise: exercise, submission: submission, index: index, className: parsed.value("class"),
                view: view, console: console)
        }
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

    /// `--case K`: one case on its own, shown in full.
    static func reproduce(
        _ grader: Grader, exercise: ExerciseConfiguration, submission: String, index: Int, className: String?,
        view: RunProgressView, console: Console
    ) throws -> ExitStatus {
        if let className, !exercise.exercise.classes.contains(where: { $0.name == className }) {
            throw UsageError.badValue(
                command: "run", option: "--class", value: className,
                expected: exercise.exercise.classes.map(\.name).joined(separator: " or "))
        }
        let result: Result<[Grader.Reproduction], Grader.ReportReason>
        do {
            result = try grader.reproduce(
                path: submission, exercise: exercise.id, index: index, className: className,
                control: GradingControl(progress: view.show, isCancelled: { Interrupt.isRequested }))
        } catch GraderError.noSuchCase(let name, _, let count) {
            throw UsageError.badValue(
                command: "run", option: "--case", value: "\(index)", expected: "a case of \(name), 0 to \(count - 1)")
        }
        view.clear()
        switch result {
        case .success(let reproductions):
            console.out(reproductions.map { ReproductionText.render($0, console: console) }.joined(separator: "\n\n"))
        case .failure(let reason):
            console.out(TextReport.render(reason.report, console: console))
        }
        return .success
    }
}
