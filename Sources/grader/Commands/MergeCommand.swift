import Foundation
import GraderCore

/// `grader merge OUT`: the class-level files of a class graded in shards, from their reports alone.
enum MergeCommand {
    static let spec = CommandSpec(
        name: "merge", usage: "OUT [options]", summary: "write the class files of a class graded in shards",
        details: """
            Writes OUT/summary.json, OUT/grades.csv and every other class-level file from the per-student
            reports the shards of 'grader batch DIR --shard K/N' wrote into OUT: the same bytes one
            'grader batch DIR' on one machine writes. The class is the one the shards listed (their
            manifests in OUT/.shards/), or the folder --class names. Writes nothing, and lists them, when
            students have no reports (a shard that died) or reports were graded with another seed or
            configuration than the rest.
            """,
        options: [
            .value("class", "DIR", "the class folder whose every student must have reports (default: the shards')"),
            .value("exercise", "ID", "merge only this exercise (repeatable; default: the shards')", repeatable: true),
            CommandSpec.commonOptions[0],
        ], positionals: 1)

    static func run(_ parsed: ParsedArguments, console: Console) throws -> ExitStatus {
        let common = try CommonOptions(parsed)
        guard let outputDirectory = parsed.positionals.first else {
            throw UsageError.missingArgument(command: "merge", what: "the report folder the shards wrote into")
        }
        let configuration = try common.configuration()
        let chosen = try parsed.all("exercise").map {
            try CommonOptions.exercise($0, in: configuration, command: "merge").id
        }
        let merger = ClassMerger(
            configuration: configuration, configurationPath: common.configPath,
            options: ClassMerger.Options(
                outputDirectory: outputDirectory, classDirectory: parsed.value("class"),
                exercises: chosen.isEmpty ? nil : chosen))
        let merged: ClassMerger.Merge
        do {
            merged = try merger.run()
        } catch let error as MergeError {
            // The whole list on standard output (one a line, for scripts); the one-line error follows.
            switch error {
            case .missingReports(let students, _):
                for student in students { console.out("missing: " + TerminalText.safe(student.line)) }
            case .mixedReports(_, _, let foreign):
                for report in foreign {
                    console.out(
                        "refused: \(TerminalText.safe(report.path)) (seed \(report.seed), key "
                            + "\(report.configuration.map { String($0.prefix(12)) } ?? "none"))")
                }
            default: break
            }
            throw error
        }
        for note in merged.notes { console.err("grader: note: " + TerminalText.safe(note)) }
        let report = merged.classReport
        let shards = merged.run.map { " from \($0.count) shard\($0.count == 1 ? "" : "s")" } ?? ""
        console.out(
            "merged \(report.students.count) students × \(report.exercises.count) exercises\(shards); wrote "
                + ClassFileFormat.all.filter { $0.isWritten(report) }.map(\.name).joined(separator: ", ")
                + " in \(outputDirectory)/")
        BatchCommand.noteStaleReports(in: outputDirectory, students: report.students, console: console)
        return .success
    }
}
