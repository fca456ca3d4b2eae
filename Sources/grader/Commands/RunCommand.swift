import Foundation
import GraderCore

/// `grader run --exercise ID --submission PATH`: grades one submission.
enum RunCommand {
    static let spec = CommandSpec(
        name: "run", usage: "--exercise ID --submission PATH [options]", summary: "grade one submission",
        details: """
            Grades one submission: PATH is the submission file, or a folder holding the exercise's file.
            With several --exercise, the folder's files for each (json: an array of reports).
            """,
        options: [
            .value("exercise", "ID", "the exercise, e.g. fc-backward (repeatable)", repeatable: true),
            .value("submission", "PATH", "the file or folder to grade"),
            .value(
                "format", "FORMAT",
                "text (default), json (the report), gradescope or prairielearn (the platform's results.json)"),
            .value("json", "FILE", "also write the JSON report to FILE (atomically)"),
            .value("case", "K", "run case K alone and show its inputs, expected and actual values"),
            .value("class", "NAME", "with --case: only this class's case"),
            .flag("search", "look for each file in the folder's sub-folders too, as platforms deliver them"),
            .value(
                "visibility", "PART=VALUE",
                "gradescope: when students see tests, sample, random, edge cases, output (repeatable)",
                repeatable: true),
        ] + CommandSpec.commonOptions)

    static func run(_ parsed: ParsedArguments, console: Console) throws -> ExitStatus {
        let common = try CommonOptions(parsed)
        let texts = parsed.all("exercise")
        guard !texts.isEmpty else { throw UsageError.missingArgument(command: "run", what: "--exercise") }
        let submission = try parsed.required("submission")
        let format = try parsed.choice("format", ["text", "json", "gradescope", "prairielearn"], default: "text")
        let visibility: GradescopeVisibility
        do {
            visibility = try GradescopeVisibility(settings: parsed.all("visibility"))
        } catch let error as GradescopeVisibility.SettingError {
            throw UsageError.badValue(
                command: "run", option: "--visibility", value: error.setting, expected: error.expected)
        }
        let configuration = try common.configuration()
        var exercises: [ExerciseConfiguration] = []
        for text in texts {
            let exercise = try CommonOptions.exercise(text, in: configuration, command: "run")
            if !exercises.contains(where: { $0.id == exercise.id }) { exercises.append(exercise) }
        }
        guard FileManager.default.fileExists(atPath: submission) else {
            throw GraderError.submissionNotFound(path: submission)
        }
        let grader = try common.grader(configuration, exercises: exercises.map(\.id))
        if let index = try parsed.integer("case", range: 0...100_000) {
            guard exercises.count == 1, let exercise = exercises.first else {
                throw UsageError.badValue(
                    command: "run", option: "--exercise", value: texts.joined(separator: " "),
                    expected: "one exercise with --case")
            }
            return try reproduce(
                grader, exercise: exercise, submission: submission, index: index, className: parsed.value("class"),
                view: RunProgressView(console: console, enabled: console.errorIsTerminal), console: console)
        }
        let (reports, notes) = try grade(
            submission, exercises: exercises, search: parsed.flag("search"), grader: grader, console: console)
        let single = reports.count == 1 ? reports.first : nil
        if let path = parsed.value("json") {
            try AtomicFile.write(try single.map(ReportJSON.data) ?? ReportJSON.data(reports), to: path)
        }
        let data: Data? =
            switch format {
            case "json": try single.map(ReportJSON.data) ?? ReportJSON.data(reports)
            case "gradescope":
                try ReportJSON.data(GradescopeResults(reports: reports, visibility: visibility, notes: notes))
            case "prairielearn":
                try ReportJSON.data(
                    PrairieLearnResults(
                        reports: reports,
                        fileNames: Dictionary(uniqueKeysWithValues: exercises.map { ($0.id, $0.file) }),
                        notes: notes))
            default: nil
            }
        if let data {
            console.out(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .newlines))
        } else {
            console.out(reports.map { TextReport.render($0, console: console) }.joined(separator: "\n\n"))
            for note in notes { console.err("grader: note: " + TerminalText.safe(note)) }
        }
        SandboxNotice.print(reports, console: console)
        if format == "gradescope" || format == "prairielearn" { SandboxNotice.printInForce(reports, console: console) }
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

    /// Grades the submission for the exercises, looking in its sub-folders with `search`.
    ///
    /// - Returns: a report per exercise, in order, and what searching found worth saying.
    static func grade(
        _ submission: String, exercises: [ExerciseConfiguration], search: Bool, grader: Grader, console: Console
    ) throws -> ([ExerciseReport], [String]) {
        var path = submission
        var staged: SubmissionSearch.Staged?
        var isFolder: ObjCBool = false
        if search, FileManager.default.fileExists(atPath: submission, isDirectory: &isFolder), isFolder.boolValue {
            let folder = NSTemporaryDirectory() + "/grader-search-\(getpid())-\(UUID().uuidString)"
            staged = try SubmissionSearch.stage(exercises.map(\.exercise), from: submission, into: folder)
            path = folder
        }
        defer { if let staged { try? FileManager.default.removeItem(atPath: staged.directory) } }
        let view = RunProgressView(console: console, enabled: console.errorIsTerminal)
        let control = GradingControl(progress: view.show, isCancelled: { Interrupt.isRequested })
        var reports: [ExerciseReport]
        if exercises.count == 1, let exercise = exercises.first {
            reports = [try grader.grade(path: path, exercise: exercise.id, control: control)]
        } else {
            let byID = try grader.gradeStudent(path: path, exercises: exercises.map(\.id), control: control)
            reports = exercises.compactMap { byID[$0.id] }
        }
        view.clear()
        if let staged {
            for index in reports.indices {
                let found = staged.matches[reports[index].exercise].map { "/" + $0.relativePath } ?? ""
                reports[index].submission = submission + found
            }
        }
        return (reports, staged?.notes ?? [])
    }
}
