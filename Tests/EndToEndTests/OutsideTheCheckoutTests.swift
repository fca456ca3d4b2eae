import Foundation
import GraderCore
import TestSupport
import Testing

extension GraderCLI {
    /// Issue 10, point 1: every command of the README, run from folders outside the checkout (a
    /// student's, an instructor's class folder), by a copy of the binary installed elsewhere, with no
    /// GRADER_HOME or GRADER_CONFIG: it finds its course files, and its configuration as tools find
    /// theirs.
    @Suite struct OutsideTheCheckout {
        /// The environment of a new user: neither variable that would point the grader somewhere.
        static let cleanEnvironment = ["GRADER_HOME", "GRADER_CONFIG"]

        /// `folder/bin/grader` and `folder/bin/grader-worker`: the built binaries copied as the
        /// README's install step copies them; with `worker: false` the grader alone (as an older
        /// install step, or a script that copies one file, would leave it).
        static func install(into folder: TemporaryDirectory, worker: Bool = true) throws -> String {
            let bin = folder.path + "/bin"
            try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
            try copyExecutable(GraderProcess.binary, to: bin + "/grader")
            if worker {
                let built = WorkerLauncher.workerProgram(besides: GraderProcess.binary)
                try #require(built.hasSuffix("/grader-worker"), "the build has no grader-worker beside \(built)")
                try copyExecutable(built, to: bin + "/grader-worker")
            }
            return bin + "/grader"
        }

        /// Copies a program with `cp -p` in a child process, never with a descriptor of this one.
        ///
        /// Other suites start processes at the same time. A copy written here would leave its
        /// write descriptor, for an instant or (when not close-on-exec) for a whole run, in every
        /// child started meanwhile, and running the copy would then fail with ETXTBSY ("Text
        /// file busy"), as it once did in CI. Written by `cp`, the descriptor exists only there.
        static func copyExecutable(_ source: String, to destination: String) throws {
            let copy = try ScriptProcess.run("/bin/cp", ["-p", source, destination], in: "/")
            try #require(copy.status == 0, "cp -p \(source) \(destination): \(copy)")
        }

        /// Runs the installed copy in `directory`.
        static func run(_ binary: String, _ arguments: [String], in directory: String) throws -> GraderOutput {
            try GraderProcess.run(
                arguments, removing: cleanEnvironment, in: directory, executable: binary)
        }

        @Test func aStudentsFirstSessionWithTheInstalledBinary() throws {
            let home = try TemporaryDirectory()
            defer { home.remove() }
            let grader = try Self.install(into: home)
            let work = home.path + "/mywork"
            try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)

            let version = try Self.run(grader, ["--version"], in: work)
            #expect(version.status == 0, "\(version)")
            #expect(
                version.stdout.contains(
                    "configuration: \(GraderProcess.packageRoot)/grader.json (the course the grader was built with)"),
                "\(version)")
            #expect(version.stdout.contains("worker: \(home.path)/bin/grader-worker\n"), "\(version)")
            let list = try Self.run(grader, ["list"], in: work)
            #expect(list.status == 0 && ExerciseID.allCases.allSatisfy { list.stdout.contains($0.rawValue) }, "\(list)")

            let started = try Self.run(grader, ["init", "--exercise", "fc-backward"], in: work)
            #expect(started.status == 0, "\(started)")
            #expect(FileManager.default.fileExists(atPath: work + "/FullyConnected.swift"))
            let template = try Self.run(
                grader, ["run", "--exercise", "fc-backward", "--submission", "FullyConnected.swift"], in: work)
            #expect(template.status == 0, "\(template)")
            #expect(template.stdout.contains("FullyConnected.backward is not implemented yet"), "\(template)")
            #expect(template.stdoutLines.last == "score: 0/10")

            // Their own work: alice's file in its place, full marks.
            try FileManager.default.removeItem(atPath: work + "/FullyConnected.swift")
            try FileManager.default.copyItem(
                atPath: GraderProcess.example("alice") + "/FullyConnected.swift", toPath: work + "/FullyConnected.swift"
            )
            let graded = try Self.run(
                grader, ["run", "--exercise", "fc-backward", "--submission", "FullyConnected.swift"], in: work)
            #expect(graded.stdoutLines.last == "score: 10/10", "\(graded)")
            #expect(!graded.stderr.contains("grader-worker"), "\(graded)")
            let cases = try Self.run(grader, ["cases", "--exercise", "fc-backward"], in: work)
            #expect(
                cases.status == 0 && cases.stdoutLines.first?.hasPrefix("FullyConnected 0  sample") == true, "\(cases)")
            let one = try Self.run(
                grader, ["run", "--exercise", "fc-backward", "--submission", "FullyConnected.swift", "--case", "1"],
                in: work)
            #expect(one.status == 0 && one.stdout.hasPrefix("FullyConnected, case 1 (random"), "\(one)")
        }

        @Test func theGraderCopiedWithoutItsWorkerGradesTheSameAndSaysSo() throws {
            let home = try TemporaryDirectory()
            defer { home.remove() }
            let grader = try Self.install(into: home, worker: false)
            let work = home.path + "/mywork"
            try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
            let version = try Self.run(grader, ["--version"], in: work)
            #expect(
                version.stdout.contains("worker: \(grader) __worker (no grader-worker beside it: the same grades"),
                "\(version)")
            try FileManager.default.copyItem(
                atPath: GraderProcess.example("alice") + "/FullyConnected.swift", toPath: work + "/FullyConnected.swift"
            )
            // Without the result cache, so that the workers run (a replay runs none and says nothing).
            let graded = try GraderProcess.run(
                ["run", "--exercise", "fc-backward", "--submission", "FullyConnected.swift"],
                environment: ["GRADER_RESULT_CACHE": "0"], removing: Self.cleanEnvironment, in: work,
                executable: grader)
            #expect(graded.status == 0 && graded.stdoutLines.last == "score: 10/10", "\(graded)")
            #expect(
                graded.stderrLines.contains(
                    "grader: note: there is no grader-worker in \(home.path)/bin, so the workers ran as the grader "
                        + "itself: the same grades, but each sandbox holds all of the grader; install the grader-worker built "
                        + "with this grader beside it (swift build -c release puts both in .build/release)"),
                "\(graded)")
        }

        @Test func anInstructorsClassFolderWithItsOwnConfigurationAbove() throws {
            let home = try TemporaryDirectory()
            defer { home.remove() }
            let grader = try Self.install(into: home)
            // course/grader.json (two random cases), course/hw3/submissions/<student>: run from hw3.
            let course = home.path + "/course"
            let hw3 = course + "/hw3"
            try FileManager.default.createDirectory(atPath: hw3 + "/submissions", withIntermediateDirectories: true)
            for student in ["alice", "carol"] {
                try FileManager.default.copyItem(
                    atPath: GraderProcess.example(student), toPath: hw3 + "/submissions/" + student)
            }
            var configuration = try String(contentsOfFile: GraderProcess.configPath, encoding: .utf8)
            configuration = configuration.replacingOccurrences(of: "\"randomCases\": 8", with: "\"randomCases\": 2")
            try #require(configuration.contains("\"randomCases\": 2"))
            // Its template and reference paths are relative to it: point them at the checkout.
            configuration = configuration.replacingOccurrences(
                of: "\"Exercises/", with: "\"\(GraderProcess.packageRoot)/Exercises/"
            ).replacingOccurrences(
                of: "\"ReferenceSolutions/", with: "\"\(GraderProcess.packageRoot)/ReferenceSolutions/")
            try configuration.write(toFile: course + "/grader.json", atomically: true, encoding: .utf8)

            let version = try Self.run(grader, ["--version"], in: hw3)
            #expect(version.stdout.contains("configuration: \(course)/grader.json"), "\(version)")
            let batch = try Self.run(grader, ["batch", "submissions", "--out", "reports"], in: hw3)
            #expect(batch.status == 0, "\(batch)")
            #expect(try BatchCounts(batch) == BatchCounts(graded: 6, upToDate: 0, notGraded: 0), "\(batch)")
            for file in ["grades.csv", "summary.json", "index.html", "alice/fc-backward.json"] {
                #expect(FileManager.default.fileExists(atPath: hw3 + "/reports/" + file), "\(file)")
            }
            // The configuration above was the one used: two random cases, so 2 + 1 sample + 5 edge cases.
            let report = try ReportJSON.decode(
                ExerciseReport.self,
                from: try #require(FileManager.default.contents(atPath: hw3 + "/reports/alice/fc-backward.json")))
            #expect(report.methods.first?.casesTotal == 7, "\(report.methods.first.map { "\($0.casesTotal)" } ?? "")")

            // carol leaves the class: her reports stay, and the batch says they are not in the grades.
            try FileManager.default.removeItem(atPath: hw3 + "/submissions/carol")
            let again = try Self.run(grader, ["batch", "submissions", "--out", "reports"], in: hw3)
            #expect(again.status == 0, "\(again)")
            #expect(
                again.stderrLines.contains(
                    "grader: note: reports/ also holds 1 folder of students not in this class (carol); they are not "
                        + "in grades.csv or summary.json: remove them if they are stale"), "\(again)")
            let grades = try String(contentsOfFile: hw3 + "/reports/grades.csv", encoding: .utf8)
            #expect(!grades.contains("carol") && grades.contains("alice"))
        }
    }
}
