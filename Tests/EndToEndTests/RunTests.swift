import Foundation
import GraderCore
import TestSupport
import Testing

extension GraderCLI {
    /// `grader run` in each output format.
    @Suite struct Run {
        /// Submissions of the sample class with varied verdicts: full marks, wrong values, a crash,
        /// a missing file, a compile error, the untouched template.
        static let submissions: [(student: String, exercise: ExerciseID)] = [
            ("alice", .fcBackward), ("carol", .lossBackward), ("dave", .activationBackward), ("erin", .fcBackward),
            ("grace", .activationBackward), ("grace", .lossBackward), ("heidi", .lossBackward),
        ]

        /// The keys SPEC section 8 says tools rely on.
        static let reportKeys = ["exercise", "submission", "seed", "status", "score", "maxScore", "methods"]
        static let methodKeys = ["name", "status", "score", "maxScore", "message"]

        @Test(arguments: submissions)
        func textNamesEveryQuantityAndEndsWithTheScore(_ student: String, _ exercise: ExerciseID) throws {
            for environment in [[:], ["NO_COLOR": "1"]] {
                let output = try GraderProcess.run(
                    ["run", "--exercise", exercise.rawValue, "--submission", GraderProcess.example(student)],
                    environment: environment)
                #expect(output.status == 0, "\(output)")
                for quantity in exercise.quantities {
                    #expect(output.stdout.contains(quantity.rawValue), "\(output)")
                }
                let expected = try ExpectedGrades.score(student, exercise.rawValue)
                let scoreLine = try #require(output.stdoutLines.last, "\(output)")
                #expect(scoreLine == "score: \(ExpectedGrades.format(expected))/10", "\(output)")
                #expect(!output.stdout.contains("\u{1B}"), "no ANSI escapes when standard output is not a terminal")
                #expect(!output.stderr.contains("\u{1B}"))
            }
        }

        @Test(arguments: submissions)
        func jsonDecodesAsAReportWithTheKeysToolsRelyOn(_ student: String, _ exercise: ExerciseID) throws {
            let submission = GraderProcess.example(student)
            let output = try GraderProcess.run(
                ["run", "--exercise", exercise.rawValue, "--submission", submission, "--format", "json"])
            #expect(output.status == 0, "\(output)")
            let data = Data(output.stdout.utf8)
            let report = try ReportJSON.decode(ExerciseReport.self, from: data)
            #expect(report.exercise == exercise)
            #expect(report.submission == submission)
            #expect(report.seed == 20_261_121)
            #expect(abs(report.score.value - (try ExpectedGrades.score(student, exercise.rawValue))) < 1e-9)
            #expect(report.maxScore == 10)
            #expect(report.methods.map(\.name.rawValue) == exercise.quantities.map(\.rawValue))
            #expect(abs(report.methods.reduce(0) { $0 + $1.score.value } - report.score.value) < 1e-6)
            #expect(report.methods.reduce(0) { $0 + $1.maxScore.value } == report.maxScore.value)
            for method in report.methods where method.status != .passed {
                #expect(!method.message.isEmpty)
                #expect(method.score < method.maxScore)
            }

            // The raw keys, as a tool that does not know the Swift type would read them.
            let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            for key in Self.reportKeys { #expect(object[key] != nil, "missing key \(key)") }
            #expect(object["exercise"] as? String == exercise.rawValue)
            #expect(object["status"] as? String == report.status.rawValue)
            let methods = try #require(object["methods"] as? [[String: Any]])
            #expect(methods.count == exercise.quantities.count)
            for method in methods {
                for key in Self.methodKeys { #expect(method[key] != nil, "missing method key \(key)") }
            }
        }

        @Test func jsonStatusesOfTheSampleVerdicts() throws {
            let verdicts: [(String, ExerciseID, ExerciseReport.Status, [MethodStatus])] = [
                ("alice", .fcBackward, .graded, [.passed, .passed, .passed]),
                ("erin", .fcBackward, .graded, [.crashed, .crashed, .crashed]),
                ("grace", .activationBackward, .missingFile, [.missingFile, .missingFile]),
                ("grace", .lossBackward, .compileError, [.compileError, .compileError]),
                ("heidi", .activationBackward, .graded, [.notImplemented, .notImplemented]),
            ]
            for (student, exercise, status, methods) in verdicts {
                let output = try GraderProcess.run(
                    [
                        "run", "--exercise", exercise.rawValue, "--submission", GraderProcess.example(student),
                        "--format", "json",
                    ])
                #expect(output.status == 0, "\(output)")
                let report = try ReportJSON.decode(ExerciseReport.self, from: Data(output.stdout.utf8))
                #expect(report.status == status, "\(student) \(exercise.rawValue)")
                #expect(report.methods.map(\.status) == methods, "\(student) \(exercise.rawValue)")
                if status == .compileError { #expect(report.diagnostics?.isEmpty == false) }
            }
        }

        @Test(arguments: submissions)
        func gradescopeHasATestPerScoredQuantity(_ student: String, _ exercise: ExerciseID) throws {
            let output = try GraderProcess.run(
                [
                    "run", "--exercise", exercise.rawValue, "--submission", GraderProcess.example(student), "--format",
                    "gradescope",
                ])
            #expect(output.status == 0, "\(output)")
            let data = Data(output.stdout.utf8)
            let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            for key in ["score", "execution_time", "output", "tests"] {
                #expect(object[key] != nil, "missing key \(key)")
            }
            let tests = try #require(object["tests"] as? [[String: Any]])
            #expect(tests.count == exercise.quantities.count)
            for test in tests {
                for key in ["name", "score", "max_score", "status", "output"] {
                    #expect(test[key] != nil, "missing test key \(key)")
                }
            }
            let results = try JSONDecoder().decode(GradescopeResults.self, from: data)
            #expect(results.tests.map(\.name) == exercise.quantities.map { "\(exercise.rawValue): \($0.rawValue)" })
            #expect(abs(results.score.value - (try ExpectedGrades.score(student, exercise.rawValue))) < 1e-9)
            #expect(abs(results.tests.reduce(0) { $0 + $1.score.value } - results.score.value) < 1e-6)
            #expect(results.tests.reduce(0) { $0 + $1.max_score.value } == 10)
            #expect(results.execution_time >= 0)
            for test in results.tests {
                #expect(["passed", "failed"].contains(test.status))
                #expect((test.status == "passed") == (test.score == test.max_score), "\(test)")
            }
        }

        @Test(arguments: ["text", "json", "gradescope"])
        func jsonFileHoldsTheSameReport(_ format: String) throws {
            let scratch = try TemporaryDirectory()
            defer { scratch.remove() }
            let path = scratch.path + "/nested/dir/report.json"
            let output = try GraderProcess.run(
                [
                    "run", "--exercise", "loss-backward", "--submission", GraderProcess.example("carol"), "--format",
                    format,
                    "--json", path,
                ])
            #expect(output.status == 0, "\(output)")
            let data = try #require(FileManager.default.contents(atPath: path))
            let report = try ReportJSON.decode(ExerciseReport.self, from: data)
            #expect(report.exercise == .lossBackward)
            #expect(abs(report.score.value - (try ExpectedGrades.score("carol", "loss-backward"))) < 1e-9)
            if format == "json" {
                // The very bytes printed, plus the file's final newline.
                #expect(data == Data((output.stdout).utf8), "\(output)")
            }
            #expect(scratch.files(under: "nested/dir") == ["nested/dir/report.json"], "no temporary file left behind")
        }

        @Test func aSubmissionFileWorksAsWellAsItsFolder() throws {
            let file = GraderProcess.example("carol") + "/Losses.swift"
            let output = try GraderProcess.run([
                "run", "--exercise", "loss-backward", "--submission", file, "--format", "json",
            ])
            #expect(output.status == 0, "\(output)")
            let report = try ReportJSON.decode(ExerciseReport.self, from: Data(output.stdout.utf8))
            #expect(report.submission == file)
            #expect(abs(report.score.value - (try ExpectedGrades.score("carol", "loss-backward"))) < 1e-9)
        }

        @Test(arguments: [
            ["list"], ["run", "--exercise", "loss-backward", "--submission", GraderProcess.example("carol")],
        ])
        func colourOnlyOnATerminalAndNeverWithNoColor(_ arguments: [String]) throws {
            let coloured = try GraderProcess.runOnTerminal(arguments, removing: ["NO_COLOR"])
            #expect(coloured.status == 0, "\(coloured)")
            #expect(coloured.stdout.contains("\u{1B}["), "colour on a terminal: \(coloured)")
            for value in ["1", "yes"] {
                let plain = try GraderProcess.runOnTerminal(arguments, environment: ["NO_COLOR": value])
                #expect(plain.status == 0, "\(plain)")
                #expect(!plain.stdout.contains("\u{1B}"), "NO_COLOR=\(value): \(plain)")
                #expect(plain.stdout.contains(arguments.count == 1 ? "fc-backward" : "score: 5.417/10"), "\(plain)")
            }
        }

        @Test func anEndlessLoopCostsItsMethodOnly() throws {
            let output = try GraderProcess.run(
                [
                    "run", "--exercise", "activation-backward", "--submission", GraderProcess.example("frank"),
                    "--format", "json",
                    "--time-limit", "2",
                ])
            #expect(output.status == 0, "\(output)")
            let report = try ReportJSON.decode(ExerciseReport.self, from: Data(output.stdout.utf8))
            #expect(report.methods.map(\.status) == [.passed, .timedOut])
            #expect(report.score == 5)
            #expect(report.methods.last?.message.isEmpty == false)
        }

        @Test func theSeedOptionReachesTheReport() throws {
            let output = try GraderProcess.run(
                [
                    "run", "--exercise", "activation-backward", "--submission", GraderProcess.example("alice"),
                    "--format", "json",
                    "--seed", "7",
                ])
            #expect(output.status == 0, "\(output)")
            let report = try ReportJSON.decode(ExerciseReport.self, from: Data(output.stdout.utf8))
            #expect(report.seed == 7)
            #expect(report.score == 10)
        }
    }
}
