import Foundation
import GraderCore

/// `grader init --exercise ID [DIR]`: copies the template for a student to start from.
enum InitCommand {
    static let spec = CommandSpec(
        name: "init", usage: "--exercise ID [DIR] [options]", summary: "copy the template for a student to start from",
        details: """
            Copies the exercise's template (with forward implemented and backward to write between the
            Begin and End markers) into DIR (default: the current folder). Never overwrites a file.
            """,
        options: [.value("exercise", "ID", "the exercise"), CommandSpec.commonOptions[0]], positionals: 1)

    static func run(_ parsed: ParsedArguments, console: Console) throws -> ExitStatus {
        let configuration = try CommonOptions(parsed).configuration()
        let exercise = try CommonOptions.exercise(try parsed.required("exercise"), in: configuration, command: "init")
        let template = URL(
            fileURLWithPath: exercise.template, relativeTo: URL(fileURLWithPath: configuration.baseDirectory + "/")
        ).path
        guard let data = FileManager.default.contents(atPath: template) else {
            throw GraderError.cannotRead(path: template, reason: "the template named in grader.json is missing")
        }
        let directory = parsed.positionals.first ?? "."
        let destination = (directory as NSString).appendingPathComponent(exercise.file)
        if FileManager.default.fileExists(atPath: destination) {
            throw GraderError.cannotWrite(path: destination, reason: "the file exists; not overwriting it")
        }
        try AtomicFile.write(data, to: destination)
        console.out("wrote \(destination): implement backward between the Begin and End markers, then run")
        console.out("  grader run --exercise \(exercise.id.rawValue) --submission \(destination)")
        return .success
    }
}
