import Foundation
import GraderCore
import Testing

extension GraderCLI {
    /// `grader export prairielearn` and the real entrypoint, in a temporary root laid out as
    /// PrairieLearn lays out /grade (`docs/externalGrading.md`): the student's files in `student/`,
    /// the results written to `results/results.json`, which the entrypoint must create.
    @Suite struct PrairieLearnGrader {
        struct Root {
            let scratch: TemporaryDirectory
            var export: String { scratch.path + "/export" }
            var root: String { scratch.path + "/grade" }

            init(export arguments: [String] = []) throws {
                scratch = try TemporaryDirectory()
                let export = try GraderProcess.run(["export", "prairielearn", "--out", export] + arguments)
                try #require(export.status == 0, "\(export)")
            }

            /// Puts a sample student's files in `student/` and runs the entrypoint.
            func grade(
                _ student: String, environment: [String: String] = ScriptProcess.testedGrader
            ) throws -> (output: GraderOutput, results: Data) {
                try ScriptProcess.reset(root + "/student")
                try? FileManager.default.removeItem(atPath: root + "/results")
                try ScriptProcess.copyStudent(student, into: root + "/student")
                let output = try ScriptProcess.run(
                    export + "/entrypoint", environment: ["GRADER_PLATFORM_ROOT": root].merging(environment) { $1 },
                    in: scratch.path)
                #expect(output.status == 0, "the entrypoint exits 0, or PrairieLearn ignores its results: \(output)")
                let results = try #require(
                    FileManager.default.contents(atPath: root + "/results/results.json"), "no results.json: \(output)")
                return (output, results)
            }

            func remove() { scratch.remove() }
        }

        @Test func theExportHasTheEntrypointTheImageAndTheQuestionsKeys() throws {
            let root = try Root(export: ["--image", "someone/backprop-grader:1"])
            defer { root.remove() }
            for file in ["entrypoint", "setup.sh", "Dockerfile", "autograder.conf", "info.json", "question.html"] {
                #expect(FileManager.default.fileExists(atPath: root.export + "/" + file), "\(file)")
            }
            #expect(FileManager.default.isExecutableFile(atPath: root.export + "/entrypoint"))
            let infoData = try #require(FileManager.default.contents(atPath: root.export + "/info.json"))
            let info = try #require(try JSONSerialization.jsonObject(with: infoData) as? [String: Any])
            #expect(Set(info.keys) == ["gradingMethod", "externalGradingOptions"])
            #expect(info["gradingMethod"] as? String == "External")
            let options = try #require(info["externalGradingOptions"] as? [String: Any])
            // PrairieLearn's ExternalGradingOptionsJsonSchema is strict: no other keys.
            let known: Set = [
                "comment", "enabled", "image", "entrypoint", "serverFilesCourse", "timeout", "enableNetworking",
                "environment",
            ]
            #expect(Set(options.keys).isSubset(of: known), "\(options.keys)")
            #expect(options["image"] as? String == "someone/backprop-grader:1")
            #expect((options["entrypoint"] as? String)?.hasPrefix("/") == true)
            #expect((options["timeout"] as? Int).map { (1...600).contains($0) } == true)
            #expect(options["enableNetworking"] as? Bool == false)
            #expect(
                (options["environment"] as? [String: String])?["GRADER_EXERCISES"]
                    == "fc-backward activation-backward loss-backward")
            let dockerfile = try String(contentsOfFile: root.export + "/Dockerfile", encoding: .utf8)
            #expect(dockerfile.contains("setup.sh") && dockerfile.contains(options["entrypoint"] as? String ?? "?"))
            let html = try String(contentsOfFile: root.export + "/question.html", encoding: .utf8)
            #expect(
                html.contains("<pl-file-upload file-names=\"FullyConnected.swift, Activations.swift, Losses.swift\">"))
            #expect(html.contains("<pl-external-grader-results>"))
        }

        @Test func everySampleStudentGetsAValidResult() throws {
            let root = try Root()
            defer { root.remove() }
            for student in GradescopeAutograder.students {
                let (output, data) = try root.grade(student)
                let (problems, object) = PlatformSchemas.PrairieLearn.problems(data)
                #expect(problems.isEmpty, "\(student): \(problems)")
                #expect(output.stdout.contains("grader: sandbox mechanisms in force: "), "\(output)")
                if student == "grace" {
                    // No Activations.swift: not gradable, and it says which file was expected.
                    #expect(object["gradable"] as? Bool == false)
                    let errors = object["format_errors"] as? [String] ?? []
                    #expect(errors.count == 1 && errors[0].contains("Activations.swift"), "\(errors)")
                    continue
                }
                #expect(object["gradable"] as? Bool == true, "\(student)")
                let expected = try ExpectedGrades.score(student, "total") / 30
                #expect(
                    abs((object["score"] as? Double ?? -1) - expected) < 1e-9, "\(student): \(object["score"] ?? "")")
                #expect((object["tests"] as? [[String: Any]])?.count == 7)
            }
        }

        @Test func aCompileErrorIsGradableAndScoresZeroWithTheCompilersMessage() throws {
            let root = try Root(export: ["--exercise", "loss-backward"])
            defer { root.remove() }
            let (_, data) = try root.grade(
                "grace", environment: ScriptProcess.testedGrader.merging(["GRADER_EXERCISES": "loss-backward"]) { $1 })
            let (problems, object) = PlatformSchemas.PrairieLearn.problems(data)
            #expect(problems.isEmpty, "\(problems)")
            #expect(object["gradable"] as? Bool == true && object["score"] as? Double == 0)
            let output = object["output"] as? String ?? ""
            #expect(output.contains("The compiler's errors in Losses.swift:") && output.contains("error:"), "\(output)")
            #expect((object["tests"] as? [[String: Any]])?.allSatisfy { $0["points"] as? Double == 0 } == true)
        }

        @Test(arguments: ["an unreadable configuration", "no grader"])
        func aGraderThatCannotGradeGivesAValidResultThatCostsNoAttempt(_ failure: String) throws {
            let root = try Root()
            defer { root.remove() }
            var environment = ScriptProcess.testedGrader
            if failure == "no grader" {
                environment["GRADER_BIN"] = root.export + "/backprop-grader/.build/release/grader"
            } else {
                try Data("[]".utf8).write(to: URL(fileURLWithPath: root.export + "/backprop-grader/grader.json"))
            }
            let (output, data) = try root.grade("alice", environment: environment)
            let (problems, object) = PlatformSchemas.PrairieLearn.problems(data)
            #expect(problems.isEmpty, "\(problems)")
            #expect(object["gradable"] as? Bool == false && object["score"] as? Double == 0, "\(object)")
            #expect((object["message"] as? String ?? "").contains("costs you no attempt"))
            #expect(output.stdout.contains("the grader failed"), "\(output)")
        }
    }
}
