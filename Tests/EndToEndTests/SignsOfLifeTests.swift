import Foundation
import GraderCore
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

extension GraderCLI {
    /// Issue 10, point 2: on a terminal (forced with GRADER_TERMINAL=1, which makes the grader treat
    /// standard error as one), the status line says what is happening now; Ctrl-C keeps what is
    /// complete, stops the workers and says how to continue. Run from an instructor's folder outside
    /// the checkout.
    @Suite struct SignsOfLife {
        /// The status updates: the text between carriage returns, without the erase-line escape.
        static func statusLines(_ stderr: String) -> [String] {
            stderr.split(whereSeparator: { $0 == "\r" || $0 == "\n" }).map {
                $0.replacingOccurrences(of: "\u{1B}[K", with: "")
            }
        }

        @Test func runSaysWhatItIsDoingAndHowLongItHasWaited() throws {
            let folder = try TemporaryDirectory()
            defer { folder.remove() }
            // frank's ReLU never returns: the line counts the seconds against the limit.
            let output = try GraderProcess.run(
                [
                    "run", "--exercise", "activation-backward", "--submission", GraderProcess.example("frank"),
                    "--time-limit", "3",
                ], environment: ["GRADER_TERMINAL": "1"], in: folder.path)
            #expect(output.status == 0, "\(output)")
            let lines = Self.statusLines(output.stderr)
            #expect(lines.contains("compiling activation-backward"), "\(lines)")
            #expect(lines.contains { $0.hasPrefix("grading Sigmoid, case ") && $0.hasSuffix(" of 12") }, "\(lines)")
            #expect(lines.contains("grading ReLU, case 1 of 12 (2 s of 3)"), "\(lines)")
            // The status line is cleared before the report, which goes to standard output alone.
            #expect(output.stderr.hasSuffix("\r\u{1B}[K"), "\(output.stderr.suffix(40).debugDescription)")
            #expect(output.stdout.hasPrefix("activation-backward: "))
            // Without a terminal, no status line at all.
            let plain = try GraderProcess.run(
                ["run", "--exercise", "activation-backward", "--submission", GraderProcess.example("alice")],
                in: folder.path)
            #expect(plain.status == 0 && plain.stderr.isEmpty, "\(plain)")
        }

        @Test func aWeakerSandboxSaysWhy() throws {
            let output = try GraderProcess.run(
                ["run", "--exercise", "activation-backward", "--submission", GraderProcess.example("alice")],
                environment: ["GRADER_NAMESPACES": "0"])
            #expect(output.status == 0, "\(output)")
            let note = try #require(output.stderrLines.first { $0.hasPrefix("grader: note: sandbox mechanisms") })
            #expect(note.contains("user-namespace") && note.contains("namespaces are off: GRADER_NAMESPACES=0 is set"))
            #expect(!note.contains("the kernel refused"), "the cause is the switch, not the kernel: \(note)")
        }

        @Test func ctrlCDuringABatchKeepsWhatIsDoneAndResumeFinishes() throws {
            let scratch = try TemporaryDirectory()
            defer { scratch.remove() }
            let classPath = try scratch.copyClass(Resume.killedClass + [("frank", "s4-frank")])
            let students = Resume.killedStudents + ["s4-frank"]
            let out = scratch.path + "/out"
            let arguments = ["batch", classPath, "--out", out, "--jobs", "1", "--time-limit", "2"]
            let total = students.count * ExerciseID.allCases.count
            let process = try GraderProcess.start(
                arguments, environment: ["GRADER_TERMINAL": "1"], in: scratch.path,
                stdoutPath: scratch.path + "/stdout", stderrPath: scratch.path + "/stderr")
            // Ctrl-C once a report exists and the status line shows frank's endless ReLU running.
            let deadline = Date().addingTimeInterval(600)  // only so a broken grader cannot hang the suite
            func ready() -> Bool {
                let status = FileManager.default.contents(atPath: scratch.path + "/stderr") ?? Data()
                return String(decoding: status, as: UTF8.self).contains("s2-frank: grading ReLU")
                    && scratch.files(under: "out").contains { $0.hasSuffix(".json") && !$0.contains("/.") }
            }
            while process.isRunning, Date() < deadline, !ready() { usleep(20_000) }
            try #require(process.isRunning, "the batch ended before Ctrl-C")
            kill(process.processIdentifier, SIGINT)
            process.waitUntilExit()
            let interrupted = GraderProcess.finished(
                process, stdoutPath: scratch.path + "/stdout", stderrPath: scratch.path + "/stderr")
            #expect(interrupted.status == 130 && !interrupted.signaled, "\(interrupted)")
            let lines = Self.statusLines(interrupted.stderr)
            // The first student started (the heaviest: see BatchOrderTests) shows the whole total.
            #expect(lines.contains { $0.hasPrefix("[0/\(total)] s") }, "the total is known from the start: \(lines)")
            #expect(lines.contains { $0.contains("s2-frank: grading ReLU, case 1 of 12") }, "\(lines)")
            let message = try #require(lines.last { $0.hasPrefix("grader: interrupted: ") }, "\(interrupted)")
            #expect(message.contains(" of \(total) graded"), "\(message)")
            #expect(message.contains("Run the same command with --resume to continue."), "\(message)")
            // The workers stopped with the batch; the class files wait for a complete batch.
            #expect(Resume.graderProcesses(of: classPath).isEmpty, "grader processes left after Ctrl-C")
            #expect(!FileManager.default.fileExists(atPath: out + "/grades.csv"))
            try Resume.expectNoHalfWrittenFile(scratch)
            let kept = try BatchReports(out: out, students: students)
            #expect(kept.count >= 1 && kept.count < total)

            let resumed = try GraderProcess.run(arguments + ["--resume"], in: scratch.path)
            #expect(resumed.status == 0, "\(resumed)")
            #expect(
                try BatchCounts(resumed) == BatchCounts(graded: total - kept.count, upToDate: kept.count, notGraded: 0),
                "\(resumed)")
            let after = try BatchReports(out: out, students: students)
            for (path, bytes) in kept.bytes { #expect(after.bytes[path] == bytes, "\(path) changed on resume") }
            expectGradesMatchReports(
                try GradesTable(out: out), after, students: students, exercises: ExerciseID.allCases)
        }
    }
}
