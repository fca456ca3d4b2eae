import Foundation
import GraderCore
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

extension GraderCLI {
    /// `grader batch --resume`: after an interrupted batch, and after a finished one.
    @Suite struct Resume {
        /// The class for the interrupted batch, in grading order (student folders sort by name). The
        /// second student's ReLU never returns, so with `--time-limit 2` the batch is still running
        /// for at least two seconds after the first student's reports are written.
        static let killedClass = [("alice", "s1-alice"), ("frank", "s2-frank"), ("carol", "s3-carol")]
        static let killedStudents = killedClass.map(\.1)
        static let timeLimit = ["--time-limit", "2"]

        /// Every file under `out` must be whole: reports decode, and the only other files are the
        /// hidden temporaries `AtomicFile` writes before its rename (never a truncated real file).
        static func expectNoHalfWrittenFile(
            _ scratch: TemporaryDirectory, sourceLocation: SourceLocation = #_sourceLocation
        )
            throws
        {
            for relative in scratch.files(under: "out") {
                let name = URL(fileURLWithPath: relative).lastPathComponent
                if name.hasPrefix(".") {
                    // AtomicFile.write: `.tmp-<name>-<UUID>`, renamed over the real file when complete; a kill
                    // between the write and the rename may leave one behind, and nothing reads it.
                    #expect(
                        name.hasPrefix(".tmp-"), "unexpected hidden file \(relative)", sourceLocation: sourceLocation)
                    continue
                }
                let data = try #require(FileManager.default.contents(atPath: scratch.path + "/" + relative))
                switch name {
                case "summary.json": _ = try ReportJSON.decode(BatchSummary.self, from: data)
                case "grades.csv":
                    #expect(String(decoding: data, as: UTF8.self).hasSuffix("\r\n"), sourceLocation: sourceLocation)
                case "index.html":
                    #expect(
                        String(decoding: data, as: UTF8.self).hasSuffix("</html>\n"), "\(relative) is not whole",
                        sourceLocation: sourceLocation)
                default:
                    #expect(name.hasSuffix(".json"), "unexpected file \(relative)", sourceLocation: sourceLocation)
                    #expect(
                        (try? ReportJSON.decode(ExerciseReport.self, from: data)) != nil, "\(relative) does not decode",
                        sourceLocation: sourceLocation)
                }
            }
        }

        /// The (student, exercise) pairs a batch's progress lines on standard error call up to date.
        static func upToDateJobs(_ output: GraderOutput) -> Set<String> {
            Set(
                output.stderrLines.filter { $0.hasPrefix("[") && $0.contains("(up to date)") }.compactMap { line in
                    let words = line.split(separator: " ")
                    guard words.count >= 3 else { return nil }
                    return words[1] + "/" + words[2].trimmingCharacters(in: CharacterSet(charactersIn: ":"))
                })
        }

        /// The processes running the grader binary under test (workers included), by pid.
        /// The grader processes of one batch: the batch itself and its workers' reapers, which are copies
        /// of it (same command line, naming `classPath`). A worker dies with its reaper (it is the init of
        /// the worker's PID namespace), so no reaper left means no worker left. Other suites' graders,
        /// which may run at the same time, are not counted.
        static func graderProcesses(of classPath: String) -> [Int32] {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
            return names.compactMap(Int32.init).filter { pid in
                guard
                    (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/exe"))
                        == GraderProcess.binary,
                    let handle = FileHandle(forReadingAtPath: "/proc/\(pid)/cmdline"),
                    let data = try? handle.readToEnd()
                else { return false }
                return String(decoding: data, as: UTF8.self).contains(classPath)
            }
        }

        @Test func resumeAfterAKilledBatchKeepsWholeReportsAndGradesTheRest() throws {
            let scratch = try TemporaryDirectory()
            defer { scratch.remove() }
            let classPath = try scratch.copyClass(Self.killedClass)
            let out = scratch.path + "/out"
            let arguments = ["batch", classPath, "--out", out, "--jobs", "1"] + Self.timeLimit
            let total = Self.killedStudents.count * ExerciseID.allCases.count

            // Start a batch and kill it (SIGKILL: no chance to clean up) once a report exists.
            let process = try GraderProcess.start(
                arguments, stdoutPath: scratch.path + "/killed.stdout", stderrPath: scratch.path + "/killed.stderr")
            var sawReport = false
            let deadline = Date().addingTimeInterval(600)  // only so a broken grader cannot hang the suite
            while process.isRunning, Date() < deadline {
                if scratch.files(under: "out").contains(where: { $0.hasSuffix(".json") && !$0.contains("/.") }) {
                    sawReport = true
                    break
                }
                usleep(20_000)
            }
            let stillRunning = process.isRunning
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let killed = GraderProcess.finished(
                process, stdoutPath: scratch.path + "/killed.stdout", stderrPath: scratch.path + "/killed.stderr")
            try #require(sawReport, "no report appeared: \(killed)")
            try #require(
                stillRunning && killed.signaled && killed.status == SIGKILL,
                "the batch ended before the kill: \(killed)")

            // Its workers die with it (PR_SET_PDEATHSIG): the endless loop does not outlive the batch.
            let workerDeadline = Date().addingTimeInterval(60)
            while !Self.graderProcesses(of: classPath).isEmpty, Date() < workerDeadline { usleep(50_000) }
            #expect(Self.graderProcesses(of: classPath).isEmpty, "grader processes left after the kill")

            // No half-written file; the class summary and the grades are written only at the end.
            try Self.expectNoHalfWrittenFile(scratch)
            #expect(!FileManager.default.fileExists(atPath: out + "/grades.csv"))
            #expect(!FileManager.default.fileExists(atPath: out + "/summary.json"))
            #expect(!FileManager.default.fileExists(atPath: out + "/index.html"))
            let before = try BatchReports(out: out, students: Self.killedStudents)
            #expect(before.count >= 1)
            #expect(before.count < total)

            // Resume: the reports that existed are kept byte for byte, the rest graded once.
            let resumed = try GraderProcess.run(arguments + ["--resume"])
            #expect(resumed.status == 0, "\(resumed)")
            let counts = try BatchCounts(resumed)
            #expect(
                counts == BatchCounts(graded: total - before.count, upToDate: before.count, notGraded: 0), "\(resumed)")
            #expect(
                Self.upToDateJobs(resumed) == Set(before.bytes.keys.map { String($0.dropLast(".json".count)) }),
                "\(resumed)")
            let after = try BatchReports(out: out, students: Self.killedStudents)
            #expect(after.count == total)
            for (path, bytes) in before.bytes {
                #expect(after.bytes[path] == bytes, "\(path) changed on resume")
            }
            try Self.expectNoHalfWrittenFile(scratch)

            // The grades are complete, and frank's endless loop cost ReLU only.
            let table = try GradesTable(out: out)
            expectGradesMatchReports(table, after, students: Self.killedStudents, exercises: ExerciseID.allCases)
            let relu = after.reports["s2-frank"]?[.activationBackward]?.methods.first { $0.name == "ReLU.backward" }
            #expect(relu?.status == .timedOut)
            let summary = try ReportJSON.decode(
                BatchSummary.self, from: try #require(FileManager.default.contents(atPath: out + "/summary.json")))
            #expect(summary.students == Self.killedStudents.count)

            // A plain re-run with --resume grades nothing and changes nothing.
            let grades = FileManager.default.contents(atPath: out + "/grades.csv")
            let pages = ["index.html"] + Self.killedStudents.map { $0 + "/index.html" }
            let pagesBefore = pages.map { FileManager.default.contents(atPath: out + "/" + $0) }
            #expect(pagesBefore.allSatisfy { $0 != nil }, "a page is missing")
            let again = try GraderProcess.run(arguments + ["--resume"])
            #expect(again.status == 0, "\(again)")
            #expect(try BatchCounts(again) == BatchCounts(graded: 0, upToDate: total, notGraded: 0), "\(again)")
            #expect(try BatchReports(out: out, students: Self.killedStudents).bytes == after.bytes)
            #expect(FileManager.default.contents(atPath: out + "/grades.csv") == grades)
            #expect(pages.map { FileManager.default.contents(atPath: out + "/" + $0) } == pagesBefore, "pages changed")
        }

        /// A class without an endless loop, so the default time limit is kept.
        static let quickClass = [("alice", "alice"), ("carol", "carol"), ("grace", "grace")]

        @Test func resumeRegradesOnlyWhatChanged() throws {
            let scratch = try TemporaryDirectory()
            defer { scratch.remove() }
            let classPath = try scratch.copyClass(Self.quickClass)
            let students = Self.quickClass.map(\.1)
            let out = scratch.path + "/out"
            let arguments = ["batch", classPath, "--out", out, "--jobs", "2"]
            let first = try GraderProcess.run(arguments)
            #expect(first.status == 0, "\(first)")
            #expect(try BatchCounts(first) == BatchCounts(graded: 9, upToDate: 0, notGraded: 0))
            let original = try BatchReports(out: out, students: students)

            // carol fixes her loss; one of alice's reports is lost; one of grace's is truncated.
            let losses = "/Losses.swift"
            try FileManager.default.removeItem(atPath: classPath + "/carol" + losses)
            try FileManager.default.copyItem(
                atPath: GraderProcess.example("alice") + losses, toPath: classPath + "/carol" + losses)
            try FileManager.default.removeItem(atPath: out + "/alice/activation-backward.json")
            let graceReport = out + "/grace/fc-backward.json"
            let whole = try #require(FileManager.default.contents(atPath: graceReport))
            try whole.prefix(whole.count / 2).write(to: URL(fileURLWithPath: graceReport))

            let resumed = try GraderProcess.run(arguments + ["--resume"])
            #expect(resumed.status == 0, "\(resumed)")
            #expect(try BatchCounts(resumed) == BatchCounts(graded: 3, upToDate: 6, notGraded: 0), "\(resumed)")
            let after = try BatchReports(out: out, students: students)
            #expect(after.count == 9)
            #expect(after.reports["carol"]?[.lossBackward]?.score == 10)
            #expect(after.reports["grace"]?[.fcBackward]?.score == 10)
            #expect(after.reports["alice"]?[.activationBackward]?.score == 10)
            let regraded: Set = [
                "carol/loss-backward.json", "alice/activation-backward.json", "grace/fc-backward.json",
            ]
            for (path, bytes) in original.bytes where !regraded.contains(path) {
                #expect(after.bytes[path] == bytes, "\(path) changed on resume")
            }
            let table = try GradesTable(out: out)
            expectGradesMatchReports(table, after, students: students, exercises: ExerciseID.allCases)
            #expect(table.row("carol")?["total"] == "27")

            // A different seed is a different grade: nothing is up to date.
            let reseeded = try GraderProcess.run(arguments + ["--resume", "--seed", "5"])
            #expect(reseeded.status == 0, "\(reseeded)")
            #expect(try BatchCounts(reseeded) == BatchCounts(graded: 9, upToDate: 0, notGraded: 0), "\(reseeded)")
        }
    }
}
