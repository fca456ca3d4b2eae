import Foundation
import GraderCore
import TestSupport
import Testing

extension GraderCLI {
    /// `grader batch` on a temporary copy of part of the sample class.
    @Suite struct Batch {
        /// Full marks, wrong values, mistakes in two exercises, a crash, a compile error and a missing file;
        /// no endless loop, so the default time limit is kept and scores match `expected-grades.csv`.
        static let students = ["alice", "carol", "dave", "erin", "grace"]

        /// Copies the students into a fresh directory and runs a batch on them.
        static func batch(
            _ scratch: TemporaryDirectory, out: String = "out", extra: [String] = []
        ) throws -> GraderOutput {
            let classPath = scratch.path + "/class"
            if !FileManager.default.fileExists(atPath: classPath) {
                try scratch.copyClass(students.map { ($0, $0) })
            }
            return try GraderProcess.run(["batch", classPath, "--out", scratch.path + "/" + out] + extra)
        }

        @Test func batchWritesAReportPerStudentAndExerciseAndAgreesWithTheExpectedGrades() throws {
            let scratch = try TemporaryDirectory()
            defer { scratch.remove() }
            let output = try Self.batch(scratch, extra: ["--jobs", "2"])
            #expect(output.status == 0, "\(output)")
            #expect(try BatchCounts(output) == BatchCounts(graded: 15, upToDate: 0, notGraded: 0), "\(output)")
            let out = scratch.path + "/out"

            // OUT/<student>/<exercise>.json for each.
            let reports = try BatchReports(out: out, students: Self.students)
            #expect(reports.count == Self.students.count * 3)
            for student in Self.students {
                for exercise in ExerciseID.allCases {
                    let report = try #require(
                        reports.reports[student]?[exercise], "\(student)/\(exercise.rawValue).json")
                    #expect(report.exercise == exercise)
                    #expect(report.student == student)
                    #expect(report.submission.hasSuffix("/class/" + student))
                    #expect(report.seed == 20_261_121)
                    #expect(report.fingerprint?.isEmpty == false)
                    let expected = try ExpectedGrades.score(student, exercise.rawValue)
                    #expect(abs(report.score.value - expected) < 1e-9, "\(student) \(exercise.rawValue)")
                }
            }
            // Only the reports, the summary, the grades and the pages: no temporary or partial file.
            let expectedFiles =
                (reports.bytes.keys.map { "out/" + $0 } + Self.students.map { "out/\($0)/index.html" } + [
                    "out/grades.csv", "out/index.html", "out/summary.json",
                ]).sorted()
            #expect(scratch.files(under: "out") == expectedFiles)

            // grades.csv: the header, a row a student, the reports' scores, the total their sum.
            let table = try GradesTable(out: out)
            #expect(table.header == ["student", "fc-backward", "activation-backward", "loss-backward", "total"])
            expectGradesMatchReports(table, reports, students: Self.students, exercises: ExerciseID.allCases)
            // Byte for byte, line ends included (CRLF in both): each line written is a line of the
            // expected file, so the README's "the same file" holds for the whole class.
            // (Split as bytes: to Swift, "\r\n" is one Character, not a "\r" before a "\n".)
            let written = try #require(FileManager.default.contents(atPath: out + "/grades.csv"))
            let expectedFile = try #require(
                FileManager.default.contents(atPath: GraderProcess.packageRoot + "/Examples/expected-grades.csv"))
            #expect(written.suffix(2) == Data("\r\n".utf8) && expectedFile.suffix(2) == Data("\r\n".utf8))
            let expectedLines = Set(expectedFile.split(separator: 0x0A))
            for line in written.split(separator: 0x0A) {
                #expect(expectedLines.contains(line), "\(String(decoding: line, as: UTF8.self).debugDescription)")
                #expect(line.last == 0x0D, "every line ends in CRLF")
            }
            for student in Self.students {
                #expect(table.row(student) == (try ExpectedGrades.row(student)), "\(student)")
            }
            let raw = try #require(FileManager.default.contents(atPath: out + "/grades.csv"))
            #expect(String(decoding: raw, as: UTF8.self).hasSuffix("\r\n"), "RFC 4180 line ends")

            // The table on standard output has a row per student.
            for student in Self.students {
                #expect(output.stdoutLines.contains { $0.hasPrefix(student + " ") }, "\(output)")
            }
            // A progress line per job on standard error (not a terminal: one line each, no escapes).
            #expect(output.stderrLines.filter { $0.hasPrefix("[") }.count == 15, "\(output)")
            #expect(!output.stderr.contains("\u{1B}"))
            #expect(!output.stdout.contains("\u{1B}"))
        }

        @Test func summaryHoldsPerExerciseStatistics() throws {
            let scratch = try TemporaryDirectory()
            defer { scratch.remove() }
            let output = try Self.batch(scratch)
            #expect(output.status == 0, "\(output)")
            let out = scratch.path + "/out"
            let data = try #require(FileManager.default.contents(atPath: out + "/summary.json"))
            let summary = try ReportJSON.decode(BatchSummary.self, from: data)
            let reports = try BatchReports(out: out, students: Self.students)
            #expect(summary.students == Self.students.count)
            #expect(summary.seed == 20_261_121)
            #expect(summary.exercises.map(\.exercise) == ExerciseID.allCases)
            for entry in summary.exercises {
                let scores = Self.students.compactMap { reports.reports[$0]?[entry.exercise]?.score.value }.sorted()
                #expect(scores.count == Self.students.count)
                #expect(entry.students == scores.count)
                #expect(entry.maxScore == 10)
                let mean = scores.reduce(0, +) / Double(scores.count)
                #expect(abs(entry.mean - mean) <= 0.0005, "\(entry.exercise.rawValue) mean")
                #expect(entry.median == scores[scores.count / 2], "\(entry.exercise.rawValue) median")
                #expect(entry.distribution.count == 10)
                #expect(entry.distribution.values.reduce(0, +) == scores.count)
                #expect(entry.distribution["90-100%"] == scores.filter { $0 >= 9 }.count)
                #expect(Set(entry.passRate.keys) == Set(entry.exercise.quantities))
                for quantity in entry.exercise.quantities {
                    let passed = Self.students.filter { student in
                        reports.reports[student]?[entry.exercise]?.methods.first { $0.name == quantity }?
                            .status == .passed
                    }.count
                    let rate = try #require(entry.passRate[quantity])
                    #expect(abs(rate - Double(passed) / Double(scores.count)) <= 0.0005, "\(quantity.rawValue)")
                }
                #expect(
                    entry.verdicts.reduce(0) { $0 + $1.count } == scores.count * entry.exercise.quantities.count,
                    "a verdict per method")
                #expect(entry.verdicts.map(\.count) == entry.verdicts.map(\.count).sorted(by: >), "most common first")
            }
            // grace handed in no Activations.swift: one student fewer submitted it.
            let activation = try #require(summary.exercises.first { $0.exercise == .activationBackward })
            #expect(activation.submitted == Self.students.count - 1)
            #expect(activation.verdicts.contains { $0.label == "missingFile" && $0.count == 2 })

            // The keys, as a tool reading the file would see them.
            let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            let exercises = try #require(object["exercises"] as? [[String: Any]])
            for entry in exercises {
                for key in ["exercise", "mean", "median", "distribution", "passRate", "verdicts"] {
                    #expect(entry[key] != nil, "summary.json lacks \(key)")
                }
            }
        }

        @Test func oneJobAndTwoJobsGiveIdenticalGrades() throws {
            let scratch = try TemporaryDirectory()
            defer { scratch.remove() }
            let one = try Self.batch(scratch, out: "one", extra: ["--jobs", "1"])
            let two = try Self.batch(scratch, out: "two", extra: ["--jobs", "2"])
            #expect(one.status == 0, "\(one)")
            #expect(two.status == 0, "\(two)")
            #expect(one.stderrLines.first?.contains("with 1 jobs") == true, "\(one)")
            #expect(two.stderrLines.first?.contains("with 2 jobs") == true, "\(two)")
            let gradesOne = FileManager.default.contents(atPath: scratch.path + "/one/grades.csv")
            let gradesTwo = FileManager.default.contents(atPath: scratch.path + "/two/grades.csv")
            #expect(gradesOne != nil)
            #expect(gradesOne == gradesTwo)
            let reportsOne = try BatchReports(out: scratch.path + "/one", students: Self.students)
            let reportsTwo = try BatchReports(out: scratch.path + "/two", students: Self.students)
            #expect(reportsOne.count == 15)
            #expect(reportsOne.count == reportsTwo.count)
            for student in Self.students {
                for exercise in ExerciseID.allCases {
                    let a = reportsOne.reports[student]?[exercise]
                    let b = reportsTwo.reports[student]?[exercise]
                    #expect(a?.score == b?.score, "\(student) \(exercise.rawValue)")
                    #expect(a?.methods.map(\.status) == b?.methods.map(\.status), "\(student) \(exercise.rawValue)")
                    #expect(a?.methods.map(\.score) == b?.methods.map(\.score), "\(student) \(exercise.rawValue)")
                    #expect(a?.fingerprint == b?.fingerprint)
                }
            }
            let summaryOne = try ReportJSON.decode(
                BatchSummary.self,
                from: try #require(FileManager.default.contents(atPath: scratch.path + "/one/summary.json")))
            let summaryTwo = try ReportJSON.decode(
                BatchSummary.self,
                from: try #require(FileManager.default.contents(atPath: scratch.path + "/two/summary.json")))
            #expect(summaryOne == summaryTwo)
        }

        @Test(arguments: [
            [ExerciseID.lossBackward],
            [.lossBackward, .fcBackward],
            [.activationBackward, .activationBackward],
        ])
        func exerciseOptionRestrictsTheColumns(_ chosen: [ExerciseID]) throws {
            let scratch = try TemporaryDirectory()
            defer { scratch.remove() }
            let output = try Self.batch(scratch, extra: chosen.flatMap { ["--exercise", $0.rawValue] })
            #expect(output.status == 0, "\(output)")
            let selected = ExerciseID.allCases.filter(chosen.contains)
            #expect(
                try BatchCounts(output)
                    == BatchCounts(graded: Self.students.count * selected.count, upToDate: 0, notGraded: 0))
            let out = scratch.path + "/out"
            let reports = try BatchReports(out: out, students: Self.students)
            #expect(reports.count == Self.students.count * selected.count)
            for student in Self.students {
                #expect(reports.reports[student].map { Set($0.keys) } == Set(selected), "\(student)")
            }
            let table = try GradesTable(out: out)
            expectGradesMatchReports(table, reports, students: Self.students, exercises: selected)
            for student in Self.students {
                let expected = try ExpectedGrades.row(student)
                for exercise in selected {
                    #expect(table.row(student)?[exercise.rawValue] == expected[exercise.rawValue])
                }
            }
            let summary = try ReportJSON.decode(
                BatchSummary.self, from: try #require(FileManager.default.contents(atPath: out + "/summary.json")))
            #expect(summary.exercises.map(\.exercise) == selected)
        }

        @Test func onlyNonHiddenFoldersAreStudents() throws {
            let scratch = try TemporaryDirectory()
            defer { scratch.remove() }
            let classPath = try scratch.copyClass([("alice", "alice"), ("alice", ".hidden")])
            try Data("not a student\n".utf8).write(to: URL(fileURLWithPath: classPath + "/README.txt"))
            let output = try GraderProcess.run(
                ["batch", classPath, "--out", scratch.path + "/out", "--exercise", "fc-backward"])
            #expect(output.status == 0, "\(output)")
            let table = try GradesTable(out: scratch.path + "/out")
            #expect(table.rows.map { $0.first ?? "" } == ["alice"])
            #expect(try BatchCounts(output) == BatchCounts(graded: 1, upToDate: 0, notGraded: 0))
        }

        @Test func theReportFolderInsideTheClassIsNotAStudent() throws {
            // `cd class && grader batch .` writes ./reports; running it again must not grade "reports".
            let scratch = try TemporaryDirectory()
            defer { scratch.remove() }
            let classPath = try scratch.copyClass([("alice", "alice"), ("grace", "grace")])
            let arguments = ["batch", ".", "--exercise", "fc-backward", "--config", GraderProcess.configPath]
            let first = try GraderProcess.run(arguments, in: classPath)
            #expect(first.status == 0, "\(first)")
            for extra in [["--resume"], []] {
                let again = try GraderProcess.run(arguments + extra, in: classPath)
                #expect(again.status == 0, "\(again)")
                let counts = try BatchCounts(again)
                #expect(counts.graded + counts.upToDate == 2, "\(again)")
                let table = try GradesTable(out: classPath + "/reports")
                #expect(table.rows.map { $0.first ?? "" } == ["alice", "grace"])
                #expect(!FileManager.default.fileExists(atPath: classPath + "/reports/reports"))
            }
            // Also when the report folder is spelt another way.
            let other = try GraderProcess.run(
                ["batch", classPath, "--out", classPath + "/./reports/", "--exercise", "fc-backward", "--resume"])
            #expect(other.status == 0, "\(other)")
            #expect(try BatchCounts(other) == BatchCounts(graded: 0, upToDate: 2, notGraded: 0), "\(other)")
        }

        @Test func studentNamesAreQuotedInTheCSVWhenNeeded() throws {
            let scratch = try TemporaryDirectory()
            defer { scratch.remove() }
            let classPath = try scratch.copyClass([("alice", "Smith, \"Al\" Jr"), ("carol", "carol")])
            let output = try GraderProcess.run(
                ["batch", classPath, "--out", scratch.path + "/out", "--exercise", "loss-backward"])
            #expect(output.status == 0, "\(output)")
            let csv = String(
                decoding: try #require(FileManager.default.contents(atPath: scratch.path + "/out/grades.csv")),
                as: UTF8.self)
            #expect(csv == "student,loss-backward,total\r\n\"Smith, \"\"Al\"\" Jr\",10,10\r\ncarol,5.417,5.417\r\n")
            let report = try #require(
                FileManager.default.contents(atPath: scratch.path + "/out/Smith, \"Al\" Jr/loss-backward.json"))
            #expect(try ReportJSON.decode(ExerciseReport.self, from: report).student == "Smith, \"Al\" Jr")
        }

        @Test func anEmptyClassWritesAnEmptyTable() throws {
            let scratch = try TemporaryDirectory()
            defer { scratch.remove() }
            try FileManager.default.createDirectory(atPath: scratch.path + "/class", withIntermediateDirectories: true)
            let output = try GraderProcess.run(["batch", scratch.path + "/class", "--out", scratch.path + "/out"])
            #expect(output.status == 0, "\(output)")
            let table = try GradesTable(out: scratch.path + "/out")
            #expect(table.header == ["student", "fc-backward", "activation-backward", "loss-backward", "total"])
            #expect(table.rows.isEmpty)
            let summary = try ReportJSON.decode(
                BatchSummary.self,
                from: try #require(FileManager.default.contents(atPath: scratch.path + "/out/summary.json")))
            #expect(summary.students == 0)
        }
    }
}
