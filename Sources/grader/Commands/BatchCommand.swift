import Foundation
import GraderCore

/// `grader batch DIR`: grades every student folder under DIR, in parallel.
enum BatchCommand {
    static let spec = CommandSpec(
        name: "batch", usage: "DIR [options]", summary: "grade every student folder under DIR",
        details: """
            Grades every student folder under DIR (each holding any of the exercises' files) and writes
            OUT/<student>/<exercise>.json, OUT/summary.json, OUT/grades.csv, the class page OUT/index.html
            and a page per student OUT/<student>/index.html, each atomically. Ctrl-C (or SIGTERM) stops it;
            what is complete stays written, and --resume continues.

            With --shard, only that shard's students are graded (a stable hash of their folder names
            picks the shard), and the shard writes their reports and OUT/.shards/K-of-N.json instead of
            the class files: several shards may write into one folder at once, on several machines.
            --shard auto reads SLURM_ARRAY_TASK_ID, SLURM_ARRAY_TASK_MIN and SLURM_ARRAY_TASK_COUNT (a
            Slurm job array), or JOB_COMPLETION_INDEX and --shards or GRADER_SHARD_COUNT (a Kubernetes
            Indexed Job). 'grader merge OUT' then writes the class files.
            """,
        options: [
            .value("out", "DIR", "where reports go (default: reports)"),
            .value("jobs", "N", "students graded at once (default: the machine's cores)"),
            .value("exercise", "ID", "grade only this exercise (repeatable)", repeatable: true),
            .flag("resume", "keep reports that are up to date with their files and the configuration"),
            .value(
                "shard", "K/N|auto",
                "grade only shard K of N (from 0), or the one a Slurm array task or Kubernetes Indexed Job "
                    + "is; writes no class files (see 'grader merge')"),
            .value(
                "shards", "N",
                "the number of shards for --shard auto in a Kubernetes Indexed Job (default: "
                    + "\(Shard.countVariable))"),
            .value(
                "from", "LAYOUT",
                "folders, gradescope (Export Submissions) or canvas (Download Submissions); default: recognised"),
        ] + CommandSpec.commonOptions, positionals: 1)

    static func run(_ parsed: ParsedArguments, console: Console) throws -> ExitStatus {
        let common = try CommonOptions(parsed)
        guard let directory = parsed.positionals.first else {
            throw UsageError.missingArgument(command: "batch", what: "the directory of student folders")
        }
        let jobs = try parsed.integer("jobs", range: 1...256) ?? ProcessInfo.processInfo.activeProcessorCount
        let configuration = try common.configuration()
        let chosen = try parsed.all("exercise").map {
            try CommonOptions.exercise($0, in: configuration, command: "batch").id
        }
        let exercises = configuration.exercises.filter { chosen.isEmpty || chosen.contains($0.id) }
        let outputDirectory = parsed.value("out") ?? "reports"
        let shard = try shardOption(parsed, environment: ProcessInfo.processInfo.environment)
        var layout: ClassImport.Layout?
        if parsed.value("from") != nil {
            let names = ClassImport.Layout.allCases.map(\.rawValue)
            layout = ClassImport.Layout(rawValue: try parsed.choice("from", names, default: ""))
        }
        let source = try ClassImport.open(
            directory, layout: layout, exercises: exercises.map(\.exercise), outputDirectory: outputDirectory)
        PlatformNotes.print(source, console: console)
        let everyone = try StudentFolder.list(source.directory, excluding: outputDirectory)
        let students = shard.map { shard in everyone.filter { shard.contains($0.student) } } ?? everyone
        let grader = try common.grader(configuration, exercises: exercises.map(\.id))
        let options = BatchGrader.Options(
            directory: source.directory, outputDirectory: outputDirectory, exercises: exercises.map(\.id), jobs: jobs,
            resume: parsed.flag("resume"), shard: shard, identities: source.identities)
        let part = shard.map { "shard \($0.index) of \($0.count): \(students.count) of \(everyone.count) students" }
        console.err(
            "grading \(part ?? "\(students.count) students") × \(exercises.count) exercises with \(options.jobs) jobs")
        let started = Date()
        let view = BatchProgressView(console: console)
        view.exercisesPerStudent = exercises.count
        view.total = students.count * exercises.count
        let result = try BatchGrader(grader: grader, options: options).run(
            isCancelled: { Interrupt.isRequested }, events: view.handle)
        view.finish()
        console.out(TextReport.table(students: result.students, exercises: exercises, reports: result.reports))
        let elapsed = String(format: "%.1f", Date().timeIntervalSince(started))
        console.out("")
        for failure in result.failures { console.err("grader: could not grade \(TerminalText.safe(failure))") }
        SandboxNotice.print(result.reports.values.flatMap(\.values), console: console)
        if result.interrupted {
            let done = result.graded + result.upToDate
            console.err(
                "grader: interrupted: \(done) of \(students.count * exercises.count) graded (\(result.graded) in this "
                    + "run), their reports are in \(outputDirectory)/; "
                    + (shard == nil
                        ? "summary.json, grades.csv and the pages were not written" : "the shard's manifest says so")
                    + ". Run the same command with --resume to continue.")
            return .interrupted
        }
        let written =
            shard.map {
                "shard \($0.index) of \($0.count), no class files: 'grader merge \(outputDirectory)' writes them once "
                    + "every shard is done"
            } ?? PlatformNotes.classFiles(in: outputDirectory)
        console.out(
            "\(result.graded) graded, \(result.upToDate) up to date, \(result.failures.count) not graded in \(elapsed) s; "
                + "reports in \(outputDirectory)/ (\(written))")
        if shard == nil {
            PlatformNotes.printOmissions(result, exercises: exercises, console: console)
            noteStaleReports(in: outputDirectory, students: result.students, console: console)
        }
        return result.failures.isEmpty ? .success : .failure
    }

    /// The shard `--shard` and `--shards` name, if any.
    static func shardOption(_ parsed: ParsedArguments, environment: [String: String]) throws -> Shard? {
        let count = try parsed.integer("shards", range: 1...Shard.maximumCount)
        guard let text = parsed.value("shard") else {
            guard count == nil else {
                throw UsageError.shard(
                    command: "batch", reason: "--shards is for --shard auto (in a Kubernetes Indexed Job)")
            }
            return nil
        }
        do throws(ShardError) {
            if text == "auto" { return try Shard.fromEnvironment(environment, count: count) }
            let shard = try Shard(parsing: text)
            if let count, count != shard.count {
                throw ShardError.environment(
                    variable: "--shards", reason: "--shards \(count) disagrees with --shard \(text)")
            }
            return shard
        } catch {
            throw UsageError.shard(command: "batch", reason: error.description)
        }
    }

    /// Says which report folders are of students no longer in the class (they are not in grades.csv).
    static func noteStaleReports(in directory: String, students: [StudentID], console: Console) {
        // Compared as bytes: two names equal under Unicode canonical equivalence are two students.
        let expected = Set(students.map { Array($0.folderName.utf8) })
        let present = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        let stale = present.filter { name in
            var folder: ObjCBool = false
            return !name.hasPrefix(".") && !expected.contains(Array(name.utf8))
                && FileManager.default.fileExists(atPath: directory + "/" + name, isDirectory: &folder)
                && folder.boolValue
        }.sorted()
        guard !stale.isEmpty else { return }
        let names =
            stale.prefix(5).map { TerminalText.safe($0) }.joined(separator: ", ") + (stale.count > 5 ? ", ..." : "")
        console.err(
            "grader: note: \(directory)/ also holds \(stale.count) folder\(stale.count == 1 ? "" : "s") of students not "
                + "in this class (\(names)); they are not in grades.csv or summary.json: remove them if they are stale")
    }
}
