import Foundation
import GraderCore

/// `grader export gradescope|prairielearn --out DIR`: writes an autograder a platform runs unchanged.
enum ExportCommand {
    static let spec = CommandSpec(
        name: "export", usage: "gradescope|prairielearn --out DIR [options]",
        summary: "write a Gradescope or PrairieLearn autograder",
        details: """
            Writes an autograder into DIR: the grader's sources, the course configuration as grader.json, and
            the platform's scripts. gradescope: setup.sh and run_autograder at the top, and DIR.zip beside DIR
            (to upload) when zip is installed. prairielearn: the entrypoint, a Dockerfile for the grading image,
            and the info.json keys and question.html a question needs.
            """,
        options: [
            .value("out", "DIR", "the folder to write (new, empty, or an earlier export)"),
            .value("exercise", "ID", "an exercise the autograder grades (repeatable; default: all)", repeatable: true),
            .value(
                "visibility", "PART=VALUE",
                "gradescope: when students see tests, sample, random, edge cases, output (repeatable; default: "
                    + "sample visible, random, edge and output after_due_date)", repeatable: true),
            .value("image", "NAME", "prairielearn: the Docker Hub image info.json names"),
            CommandSpec.commonOptions[0],
        ], positionals: 1)

    static func run(_ parsed: ParsedArguments, console: Console) throws -> ExitStatus {
        let common = try CommonOptions(parsed)
        guard let platformName = parsed.positionals.first else {
            throw UsageError.missingArgument(command: "export", what: "the platform (gradescope or prairielearn)")
        }
        guard let platform = AutograderExport.Platform(rawValue: platformName) else {
            throw UsageError.badValue(
                command: "export", option: "the platform", value: platformName,
                expected: AutograderExport.Platform.allCases.map(\.rawValue).joined(separator: ", "))
        }
        let out = try parsed.required("out")
        let visibility: GradescopeVisibility
        do {
            visibility = try GradescopeVisibility(settings: parsed.all("visibility"), base: .exportDefault)
        } catch let error as GradescopeVisibility.SettingError {
            throw UsageError.badValue(
                command: "export", option: "--visibility", value: error.setting, expected: error.expected)
        }
        let configuration = try common.configuration()
        let chosen = try parsed.all("exercise").map {
            try CommonOptions.exercise($0, in: configuration, command: "export").id
        }
        let exercises = configuration.exercises.filter { chosen.isEmpty || chosen.contains($0.id) }
        var export = AutograderExport(
            platform: platform, configuration: configuration, configurationPath: common.configPath,
            exercises: exercises, visibility: visibility, home: common.home)
        if let image = parsed.value("image") { export.image = image }
        let written = try export.write(to: out)
        console.out(
            "wrote a \(platform.rawValue) autograder for \(exercises.map(\.id.rawValue).joined(separator: ", ")) in \(out)/:"
        )
        console.out("  " + written.files.joined(separator: "  "))
        if let zip = written.zip {
            console.out("upload \(zip) on the assignment's Configure Autograder page (base image Ubuntu 22.04)")
        }
        for note in written.notes { console.err("grader: note: " + note) }
        return .success
    }
}
