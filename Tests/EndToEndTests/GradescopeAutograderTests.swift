import Foundation
import GraderCore
import Testing

extension GraderCLI {
    /// `grader export gradescope` and the real `run_autograder`, in a temporary root laid out as
    /// Gradescope lays out /autograder (autograder_samples `docs/specs.md`): the zip extracted in
    /// `source/`, `run_autograder` copied to the root, the submission in `submission/`.
    @Suite struct GradescopeAutograder {
        /// An exported autograder in a Gradescope-like root.
        struct Root {
            let scratch: TemporaryDirectory
            var root: String { scratch.path + "/autograder" }
            var package: String { root + "/source/backprop-grader" }
            var zip: String { scratch.path + "/export.zip" }

            init(export arguments: [String] = []) throws {
                scratch = try TemporaryDirectory()
                let export = try GraderProcess.run(
                    ["export", "gradescope", "--out", scratch.path + "/export"] + arguments)
                try #require(export.status == 0, "\(export)")
                try #require(
                    FileManager.default.fileExists(atPath: zip), "zip is needed (.ci/run installs it): \(export)")
                try FileManager.default.createDirectory(atPath: root + "/source", withIntermediateDirectories: true)
                let unzip = try ScriptProcess.run(
                    "/usr/bin/unzip", ["-qq", zip, "-d", root + "/source"], in: scratch.path)
                try #require(unzip.status == 0, "\(unzip)")
                try FileManager.default.copyItem(
                    atPath: root + "/source/run_autograder", toPath: root + "/run_autograder")
            }

            /// Puts a sample student's files in `submission/` (under `subfolder`, with a stray file) and
            /// runs `run_autograder` in the root; returns its output and `results/results.json`.
            func grade(
                _ student: String, subfolder: String? = nil, environment: [String: String] = ScriptProcess.testedGrader
            ) throws -> (output: GraderOutput, results: Data) {
                try ScriptProcess.reset(root + "/submission")
                try? FileManager.default.removeItem(atPath: root + "/results")
                try ScriptProcess.copyStudent(student, into: root + "/submission", subfolder: subfolder)
                try Data("not graded\n".utf8).write(to: URL(fileURLWithPath: root + "/submission/README.txt"))
                let output = try ScriptProcess.run(
                    root + "/run_autograder", environment: ["GRADER_PLATFORM_ROOT": root].merging(environment) { $1 },
                    in: root)
                let results = try #require(
                    FileManager.default.contents(atPath: root + "/results/results.json"), "no results.json: \(output)")
                #expect(output.status == 0, "\(output)")
                #expect(
                    try FileManager.default.contentsOfDirectory(atPath: root + "/results") == ["results.json"],
                    "nothing but results.json is left in results/")
                return (output, results)
            }

            func remove() { scratch.remove() }
        }

        static let students = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi"]

        @Test func theZipHasTheScriptsAtItsRootAndTheGraderInside() throws {
            let root = try Root()
            defer { root.remove() }
            let list = try ScriptProcess.run("/usr/bin/zipinfo", [root.zip], in: root.scratch.path)
            try #require(list.status == 0, "\(list)")
            let lines = list.stdoutLines
            for script in ["setup.sh", "run_autograder"] {
                let line = try #require(lines.first { $0.hasSuffix(" " + script) }, "\(script) at the root: \(list)")
                #expect(line.hasPrefix("-rwxr-xr-x"), "\(line)")
            }
            for file in [
                "autograder.conf", "backprop-grader/grader.json", "backprop-grader/Package.swift",
                "backprop-grader/Sources/ExerciseKit/Tensor.swift", "backprop-grader/ReferenceSolutions/Losses.swift",
            ] {
                #expect(lines.contains { $0.hasSuffix(" " + file) }, "\(file)")
            }
            #expect(!lines.contains { $0.contains(".build/") || $0.contains(".backprop-grader-export") })
            let config = try String(contentsOfFile: root.root + "/source/autograder.conf", encoding: .utf8)
            #expect(config.contains("EXERCISES=\"fc-backward activation-backward loss-backward\""))
            #expect(
                config.contains("VISIBILITY=\"tests=visible,sample=visible,random=after_due_date,edge=after_due_date"))
            #expect(
                FileManager.default.contents(atPath: root.package + "/grader.json")
                    == FileManager.default.contents(atPath: GraderProcess.configPath))
        }

        @Test func everySampleStudentGetsAValidResultScoredAsTheSampleClass() throws {
            let root = try Root()
            defer { root.remove() }
            for student in Self.students {
                let subfolder = ["carol": "hw3", "dave": "backprop/src"][student]
                let (output, data) = try root.grade(student, subfolder: subfolder)
                let (problems, object) = PlatformSchemas.Gradescope.problems(data)
                #expect(problems.isEmpty, "\(student): \(problems)")
                let expected = try ExpectedGrades.score(student, "total")
                #expect(
                    abs((object["score"] as? Double ?? -1) - expected) < 1e-9, "\(student): \(object["score"] ?? "")")
                #expect(output.stdout.contains("grader: sandbox mechanisms in force: "), "\(output)")
                #expect(output.stdout.contains("results.json written by the grader"), "\(output)")
                let tests = object["tests"] as? [[String: Any]] ?? []
                let scored = tests.filter { ($0["max_score"] as? Double ?? 0) > 0 }
                #expect(scored.count == 7, "a test per scored quantity: \(student)")
                #expect(scored.allSatisfy { $0["visibility"] as? String == "visible" })
                for test in tests where (test["max_score"] as? Double) == 0 {
                    #expect(["after_due_date"].contains(test["visibility"] as? String ?? ""), "\(test)")
                    #expect(!(test["output"] as? String ?? "").contains("(sample,"), "the sample case is shown at once")
                }
                if let subfolder {
                    #expect((object["output"] as? String ?? "").contains("graded \(subfolder)/FullyConnected.swift"))
                }
                if student == "carol" {
                    let dW = try #require(tests.first { $0["name"] as? String == "fc-backward: FullyConnected.dW" })
                    let text = dW["output"] as? String ?? ""
                    #expect(text.contains("Hint: ") && text.contains("case 0 (sample"), "\(text)")
                    #expect(text.contains("The failing random cases are shown after the due date."), "\(text)")
                    #expect(
                        tests.contains {
                            $0["name"] as? String == "fc-backward: FullyConnected.dW: failing random cases"
                        })
                }
                if student == "grace" {
                    #expect((object["output"] as? String ?? "").contains("no Activations.swift in the submission"))
                    #expect((object["output"] as? String ?? "").contains("error:"), "the compiler's message")
                }
            }
        }

        /// What makes the grader itself fail, and what the fallback must then say.
        static let failures: [(String, String)] = [
            ("an unreadable configuration", "grader.json"),
            ("no grader (the toolchain never installed)", "no grader at"),
            ("a grader that cannot start", "libswiftCore"),
            ("a grader that prints garbage", "not a complete results.json"),
        ]

        @Test(arguments: failures)
        func aGraderThatCannotGradeStillGivesAValidResultOfZero(_ failure: String, _ explanation: String) throws {
            let root = try Root()
            defer { root.remove() }
            var environment = ScriptProcess.testedGrader
            let fake = root.scratch.path + "/fake-grader"
            switch failure {
            case "an unreadable configuration":
                try Data("{ not json".utf8).write(to: URL(fileURLWithPath: root.package + "/grader.json"))
            case "no grader (the toolchain never installed)":
                environment["GRADER_BIN"] = root.package + "/.build/release/grader"
            case "a grader that cannot start":
                try Self.script(
                    "echo 'grader: error while loading shared libraries: libswiftCore.so' >&2; exit 127", at: fake)
                environment["GRADER_BIN"] = fake
            default:
                try Self.script("echo '{\"score\": 30, \"tests\": ['; echo 'debug output'", at: fake)
                environment["GRADER_BIN"] = fake
            }
            let (output, data) = try root.grade("alice", environment: environment)
            let (problems, object) = PlatformSchemas.Gradescope.problems(data)
            #expect(problems.isEmpty, "\(problems)")
            #expect(object["score"] as? Double == 0, "\(object)")
            let text = object["output"] as? String ?? ""
            #expect(text.contains("could not grade this submission") && text.contains(explanation), "\(text)")
            #expect(output.stdout.contains("the grader failed"), "\(output)")
        }

        @Test func withoutNamespacesItGradesAndSaysWhichMechanismsRemain() throws {
            let root = try Root()
            defer { root.remove() }
            let (output, data) = try root.grade(
                "carol", environment: ScriptProcess.testedGrader.merging(["GRADER_NAMESPACES": "0"]) { $1 })
            let (problems, object) = PlatformSchemas.Gradescope.problems(data)
            #expect(problems.isEmpty, "\(problems)")
            #expect(abs((object["score"] as? Double ?? -1) - (try ExpectedGrades.score("carol", "total"))) < 1e-9)
            let line = try #require(
                output.stdout.split(separator: "\n").first { $0.hasPrefix("grader: sandbox mechanisms in force: ") })
            #expect(line.contains("seccomp") && !line.contains("user-namespace"), "\(line)")
            #expect(output.stdout.contains("not in force"), "the missing ones are named: \(output)")
            #expect(!String(decoding: data, as: UTF8.self).contains("namespace"), "never in what students see")
        }

        @Test func theVisibilityIsChosenAtExport() throws {
            let root = try Root(export: [
                "--visibility", "tests=after_published,sample=hidden", "--exercise", "fc-backward",
            ])
            defer { root.remove() }
            let (_, data) = try root.grade("carol")
            let (problems, object) = PlatformSchemas.Gradescope.problems(data)
            #expect(problems.isEmpty, "\(problems)")
            let tests = object["tests"] as? [[String: Any]] ?? []
            #expect(tests.filter { ($0["max_score"] as? Double ?? 0) > 0 }.count == 3, "fc-backward only")
            for test in tests {
                let expected = (test["max_score"] as? Double ?? 0) > 0 ? "after_published" : nil
                if let expected { #expect(test["visibility"] as? String == expected, "\(test)") }
            }
            #expect(tests.contains { $0["visibility"] as? String == "hidden" }, "the sample case is hidden")
            #expect(abs((object["score"] as? Double ?? -1) - (try ExpectedGrades.score("carol", "fc-backward"))) < 1e-9)
        }

        @Test(arguments: [
            (["export", "--out", "x"], "the platform"), (["export", "moodle", "--out", "x"], "moodle"),
            (["export", "gradescope"], "--out"),
            (["export", "gradescope", "--out", "x", "--visibility", "random=soon"], "PART=VALUE"),
            (["run", "--exercise", "fc-backward", "--submission", ".", "--visibility", "cases=hidden"], "PART=VALUE"),
            (["run", "--exercise", "fc-backward", "--submission", ".", "--format", "moodle"], "prairielearn"),
            (["batch", ".", "--from", "blackboard"], "canvas"),
        ])
        func platformUsageErrorsAreOneLine(_ arguments: [String], _ fragment: String) throws {
            expectOneLineError(try GraderProcess.run(arguments), status: 64, mentioning: fragment)
        }

        @Test func anExportNeverOverwritesAFolderItDidNotWrite() throws {
            let scratch = try TemporaryDirectory()
            defer { scratch.remove() }
            try Data("mine".utf8).write(to: URL(fileURLWithPath: scratch.path + "/notes.txt"))
            let refused = try GraderProcess.run(["export", "gradescope", "--out", scratch.path])
            expectOneLineError(refused, status: 1, mentioning: "not an earlier export")
            #expect(FileManager.default.contents(atPath: scratch.path + "/notes.txt") == Data("mine".utf8))
            let first = try GraderProcess.run(["export", "prairielearn", "--out", scratch.path + "/pl"])
            let again = try GraderProcess.run([
                "export", "prairielearn", "--out", scratch.path + "/pl", "--exercise", "fc-backward",
            ])
            #expect(first.status == 0 && again.status == 0, "\(first)\n\(again)")
            let conf = try String(contentsOfFile: scratch.path + "/pl/autograder.conf", encoding: .utf8)
            #expect(conf.contains("EXERCISES=\"fc-backward\""), "an earlier export is replaced: \(conf)")
        }

        static func script(_ body: String, at path: String) throws {
            try Data("#!/bin/sh\n\(body)\n".utf8).write(to: URL(fileURLWithPath: path))
            #expect(chmod(path, 0o755) == 0)
        }
    }
}
