import Foundation
import GraderCore
import Testing

extension GraderCLI {
    /// `grader batch` on the sample class as Gradescope and Canvas export it (made by
    /// `Tests/Platforms/make-exports.sh` from `Examples/submissions`): the same scores as the sample
    /// class, the platform's identity in each report, and gradebook files with exactly the columns the
    /// importers read.
    @Suite struct PlatformBatch {
        /// The exports of the sample class, and who is who.
        struct Exports {
            let scratch: TemporaryDirectory
            /// Per sample student: gradescope-folder, name, email, sid, canvas-user-id, canvas-name.
            let roster: [String: [String: String]]

            init() throws {
                scratch = try TemporaryDirectory()
                let made = try ScriptProcess.run(
                    GraderProcess.packageRoot + "/Tests/Platforms/make-exports.sh", [scratch.path + "/exports"],
                    in: scratch.path)
                try #require(made.status == 0, "\(made)")
                for zip in ["gradescope.zip", "canvas.zip"] {
                    try #require(
                        FileManager.default.fileExists(atPath: scratch.path + "/exports/" + zip),
                        "zip is needed (.ci/run installs it)")
                }
                let table = try String(contentsOfFile: scratch.path + "/exports/students.tsv", encoding: .utf8)
                let lines = table.split(separator: "\n").map {
                    $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
                }
                let header = try #require(lines.first)
                var roster: [String: [String: String]] = [:]
                for line in lines.dropFirst() { roster[line[0]] = Dictionary(uniqueKeysWithValues: zip(header, line)) }
                self.roster = roster
            }

            func path(_ relative: String) -> String { scratch.path + "/" + relative }

            /// The folder name a batch gives a sample student of a Gradescope export.
            func gradescopeStudent(_ student: String) -> String {
                let id = roster[student]?["gradescope-folder"]?.replacingOccurrences(of: "submission_", with: "") ?? "?"
                let names = student == "bob" ? "Bob Baker & Bea Bishop" : roster[student]?["name"] ?? "?"
                return "\(names) (\(id))"
            }

            /// The folder name a batch gives a sample student of a Canvas download.
            func canvasStudent(_ student: String) -> String {
                "\(roster[student]?["canvas-name"] ?? "?") (\(roster[student]?["canvas-user-id"] ?? "?"))"
            }

            func remove() { scratch.remove() }
        }

        static let students = GradescopeAutograder.students
        static let titles = [
            "Backward pass of a fully-connected layer", "Backward pass of Sigmoid and ReLU",
            "Backward pass of SoftmaxWithLoss and MeanSquaredError",
        ]

        /// Checks grades.csv against the sample class's expected grades, student by student.
        static func expectSampleScores(
            _ out: String, name: (String) -> String, exercises: [String],
            sourceLocation: SourceLocation = #_sourceLocation
        ) throws {
            let table = try GradesTable(out: out)
            #expect(table.header == ["student"] + exercises + ["total"], sourceLocation: sourceLocation)
            for student in students {
                let row = try #require(
                    table.row(name(student)), "\(name(student)) in grades.csv", sourceLocation: sourceLocation)
                for exercise in exercises {
                    #expect(
                        row[exercise] == (try ExpectedGrades.row(student)[exercise]), "\(student) \(exercise)",
                        sourceLocation: sourceLocation)
                }
            }
            #expect(table.rows.count == students.count, sourceLocation: sourceLocation)
        }

        static func csv(_ path: String) throws -> [[String]] {
            CSV.lines(try String(contentsOfFile: path, encoding: .utf8))
        }

        @Test func aGradescopeExportGradesAsTheSampleClassAndFillsBothGradebooks() throws {
            let exports = try Exports()
            defer { exports.remove() }
            let out = exports.path("out")
            let output = try GraderProcess.run(["batch", exports.path("exports/gradescope"), "--out", out])
            #expect(output.status == 0, "\(output)")
            #expect(output.stderr.contains("grader: a Gradescope export: 8 submissions"), "\(output)")
            try Self.expectSampleScores(
                out, name: exports.gradescopeStudent, exercises: ExerciseID.allCases.map(\.rawValue))

            let report = try ReportJSON.decode(
                ExerciseReport.self,
                from: try #require(
                    FileManager.default.contents(
                        atPath: out + "/" + exports.gradescopeStudent("carol") + "/fc-backward.json")))
            #expect(report.identity?.platform == .gradescope)
            #expect(
                report.identity?.people == [
                    PlatformIdentity.Person(name: "Carol Cole", email: "carol@example.edu", studentNumber: "91003")
                ])
            #expect(
                report.identity?.files
                    == ["hw3/FullyConnected.swift", "hw3/Activations.swift", "hw3/Losses.swift"].sorted())

            let canvas = try Self.csv(out + "/canvas-gradebook.csv")
            #expect(canvas[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"] + Self.titles)
            #expect(canvas[1] == ["Points Possible", "", "", "", "", "10", "10", "10"])
            #expect(canvas.count == 2 + 9, "a row per person: bob's group has two")
            let moodle = try Self.csv(out + "/moodle-grades.csv")
            #expect(moodle[0] == ["Email address", "ID number"] + Self.titles)
            #expect(moodle.count == 1 + 9)
            for student in Self.students {
                let expected = try ExpectedGrades.row(student)
                let scores = ExerciseID.allCases.map { expected[$0.rawValue] ?? "?" }
                let email = exports.roster[student]?["email"] ?? "?"
                #expect(moodle.contains([email, exports.roster[student]?["sid"] ?? "?"] + scores), "\(student)")
                #expect(
                    canvas.contains(
                        [exports.roster[student]?["name"] ?? "?", "", exports.roster[student]?["sid"] ?? "?", "", ""]
                            + scores), "\(student)")
            }
            #expect(
                moodle.contains(
                    ["bea@example.edu", "91099"]
                        + ExerciseID.allCases.map { (try? ExpectedGrades.row("bob")[$0.rawValue]) ?? nil ?? "?" }))
        }

        @Test func aCanvasDownloadGradesAsTheSampleClassAndFillsItsGradebook() throws {
            let exports = try Exports()
            defer { exports.remove() }
            let out = exports.path("out")
            let output = try GraderProcess.run(["batch", exports.path("exports/canvas.zip"), "--out", out])
            #expect(output.status == 0, "\(output)")
            #expect(output.stderr.contains("grader: a Canvas download: 8 students"), "\(output)")
            #expect(output.stderr.contains("graded the later"), "the re-uploads: \(output)")
            #expect(output.stderr.contains("moodle-grades.csv not written"), "\(output)")
            try Self.expectSampleScores(
                out, name: exports.canvasStudent, exercises: ExerciseID.allCases.map(\.rawValue))
            #expect(!FileManager.default.fileExists(atPath: out + "/moodle-grades.csv"))

            let canvas = try Self.csv(out + "/canvas-gradebook.csv")
            #expect(canvas[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"] + Self.titles)
            #expect(canvas.count == 2 + 8)
            for student in Self.students {
                let expected = try ExpectedGrades.row(student)
                let row =
                    [
                        exports.roster[student]?["canvas-name"] ?? "?",
                        exports.roster[student]?["canvas-user-id"] ?? "?", "", "", "",
                    ]
                    + ExerciseID.allCases.map { expected[$0.rawValue] ?? "?" }
                #expect(canvas.contains(row), "\(student): \(canvas)")
                let report = try ReportJSON.decode(
                    ExerciseReport.self,
                    from: try #require(
                        FileManager.default.contents(
                            atPath: out + "/" + exports.canvasStudent(student) + "/fc-backward.json")))
                #expect(report.identity?.platform == .canvas)
                #expect(report.identity?.late == ["frank", "grace"].contains(student), "\(student)")
                #expect(report.identity?.people.first?.userID == exports.roster[student]?["canvas-user-id"])
            }
        }

        @Test func theOtherFormsGradeTheSameAndResume() throws {
            let exports = try Exports()
            defer { exports.remove() }
            for (input, name, layout) in [
                ("exports/gradescope.zip", exports.gradescopeStudent, "gradescope"),
                ("exports/canvas", exports.canvasStudent, "canvas"),
            ] {
                let out = exports.path("out-" + layout)
                let arguments = [
                    "batch", exports.path(input), "--out", out, "--exercise", "fc-backward", "--from", layout,
                ]
                let first = try GraderProcess.run(arguments)
                #expect(first.status == 0, "\(first)")
                try Self.expectSampleScores(out, name: name, exercises: ["fc-backward"])
                let again = try GraderProcess.run(arguments + ["--resume"])
                #expect(try BatchCounts(again) == BatchCounts(graded: 0, upToDate: 8, notGraded: 0), "\(again)")
            }
        }

        @Test func aZipWithoutUnzipIsRefusedInOneLine() throws {
            let exports = try Exports()
            defer { exports.remove() }
            let output = try GraderProcess.run(
                ["batch", exports.path("exports/canvas.zip"), "--out", exports.path("out")],
                environment: ["PATH": exports.path("nothing")])
            expectOneLineError(output, status: 1, mentioning: "unzip")
        }
    }
}
