import Foundation
import GraderCore

/// `grader init --exercise ID [DIR]`: copies the template for a student to start from.
enum InitCommand {
    static let help = """
        usage: grader init --exercise ID [DIR] [--config FILE]

        Copies the exercise's template (with forward implemented and backward to write between the
        Begin and End markers) into DIR (default: the current directory). Never overwrites a file.
        """

    static func run(_ arguments: [String], console: Console) throws -> Int32 {
        let parsed = try ParsedArguments(
            arguments, command: "init", options: ["config", "exercise"], flags: [], positionals: 1)
        if parsed.wantsHelp {
            console.out(help)
            return 0
        }
        let configuration = try CommonOptions(parsed).configuration()
        let exercise = try CommonOptions.exercise(try parsed.required("exercise", command: "init"), in: configuration)
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
        return 0
    }
}
