import Foundation
import GraderCore

/// `grader batch DIR`: grades every student folder under DIR, in parallel.
enum BatchCommand {
    static let help = """
        usage: grader batch DIR [options]

        Grades every student folder under DIR (each holding any of FullyConnected.swift,
        Activations.swift and Losses.swift) and writes OUT/<student>/<exercise>.json,
        OUT/summary.json and OUT/grades.csv, each atomically.

        options:
          --out DIR              where reports go (default: reports)
          --jobs N               parallel jobs (default: the machine's cores)
          --exercise ID          grade only this exercise (repeatable)
          --resume               keep reports that are up to date with their files and the configuration
          --config FILE          the course configuration (default: ./grader.json)
          --seed N               the seed for cases
          --time-limit SECONDS   the time limit per graded class
        """

    static func run(_ arguments: [String], console: Console) throws -> Int32 {
        let parsed = try ParsedArguments(
            arguments, command: "batch", options: CommonOptions.names + ["out", "jobs", "exercise"], flags: ["resume"],
            positionals: 1)
        if parsed.wantsHelp {
            console.out(help)
            return 0
        }
        let common = try CommonOptions(parsed)
        guard let directory = parsed.positionals.first else {
            throw UsageError.missingArgument(command: "batch", what: "the directory of student folders")
        }
        let jobs = try parsed.integer("jobs", range: 1...256) ?? ProcessInfo.processInfo.activeProcessorCount
        let configuration = try common.configuration()
        let exercises = try parsed.all("exercise").map { try CommonOptions.exercise($0, in: configuration).id }
        let selected =
            exercises.isEmpty ? configuration.exercises.map(\.id) : ExerciseID.allCases.filter(exercises.contains)
        let outputDirectory = parsed.value("out") ?? "reports"
        let students = try BatchGrader.students(in: directory, excluding: outputDirectory)
        let grader = try Grader(
            configuration: configuration, exercises: selected, seed: common.seed, timeLimitSeconds: common.timeLimit,
            workerExecutable: CommonOptions.executable)
        let options = BatchGrader.Options(
            directory: directory, outputDirectory: outputDirectory, exercises: selected, jobs: jobs,
            resume: parsed.flag("resume"))
        console.err("grading \(students.count) students × \(selected.count) exercises with \(options.jobs) jobs")
        let started = Date()
        let batch = BatchGrader(grader: grader, options: options)
        let result = try batch.run { progress in
            let state: String
            if let error = progress.error {
                state = "error: \(error)"
            } else if let report = progress.report {
                state =
                    "\(TextReport.score(report.score))/\(TextReport.score(report.maxScore))"
                    + (progress.resumed ? " (up to date)" : "") + (TextReport.note(report).map { " " + $0 } ?? "")
            } else {
                state = ""
            }
            let line =
                "[\(progress.completed)/\(progress.total)] \(progress.student) \(progress.exercise.rawValue): \(state)"
            if console.errorIsTerminal { console.progress(line) } else { console.err(line) }
        }
        if console.errorIsTerminal { console.endProgress() }
        var maxScores: [ExerciseID: Double] = [:]
        for exercise in selected { maxScores[exercise] = configuration.exercise(exercise)?.maxScore ?? 0 }
        console.out(
            TextReport.table(
                students: result.students, exercises: selected, reports: result.reports, maxScores: maxScores))
        let elapsed = String(format: "%.1f", Date().timeIntervalSince(started))
        console.out("")
        console.out(
            "\(result.graded) graded, \(result.resumed) up to date, \(result.errors.count) not graded in \(elapsed) s; "
                + "reports in \(options.outputDirectory)/ (summary.json, grades.csv)")
        for error in result.errors { console.err("grader: could not grade \(error)") }
        SandboxNotice.print(result.reports.values.flatMap(\.values), console: console)
        return result.errors.isEmpty ? 0 : 1
    }
}
