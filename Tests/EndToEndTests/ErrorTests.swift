import Foundation
import Testing

extension GraderCLI {
    /// Exit statuses and one-line errors (SPEC section 8): 64 for usage errors, 1 when the grader
    /// could not grade; one line on standard error, never a stack trace.
    @Suite struct Errors {
        /// A usage error, with a fragment its message must hold.
        struct UsageCase: CustomTestStringConvertible, Sendable {
            var arguments: [String]
            var fragment: String
            var testDescription: String { arguments.joined(separator: " ") }
        }

        static let usageErrors: [UsageCase] = [
            UsageCase(arguments: ["frobnicate"], fragment: "unknown command 'frobnicate'"),
            UsageCase(arguments: ["list", "--frob"], fragment: "--frob"),
            UsageCase(
                arguments: ["run", "--exercise", "fc-backward", "--submission", "x", "--verbose"], fragment: "--verbose"
            ),
            UsageCase(arguments: ["batch", "/nonexistent/class", "--frob", "1"], fragment: "--frob"),
            UsageCase(arguments: ["run", "--exercise"], fragment: "--exercise"),
            UsageCase(arguments: ["run", "--exercise", "--submission", "x"], fragment: "--exercise"),
            UsageCase(arguments: ["run", "--exercise", "fc-backward"], fragment: "--submission"),
            UsageCase(arguments: ["run", "--submission", "Examples/submissions/alice"], fragment: "--exercise"),
            UsageCase(arguments: ["cases"], fragment: "--exercise"),
            UsageCase(arguments: ["init"], fragment: "--exercise"),
            UsageCase(arguments: ["batch"], fragment: "directory"),
            UsageCase(
                arguments: [
                    "run", "--exercise", "fc-backward", "--submission", "Examples/submissions/alice", "--format", "xml",
                ],
                fragment: "--format"),
            UsageCase(arguments: ["batch", "/nonexistent/class", "--jobs", "0"], fragment: "--jobs"),
            UsageCase(arguments: ["batch", "/nonexistent/class", "--jobs", "many"], fragment: "--jobs"),
            UsageCase(arguments: ["batch", "/nonexistent/class", "--jobs", "-2"], fragment: "--jobs"),
            UsageCase(arguments: ["batch", "/nonexistent/class", "--time-limit", "soon"], fragment: "--time-limit"),
            UsageCase(arguments: ["cases", "--exercise", "fc-backward", "--seed", "-1"], fragment: "--seed"),
            UsageCase(arguments: ["cases", "--exercise", "fc-backward", "--case", "100000"], fragment: "--case"),
            UsageCase(arguments: ["list", "extra"], fragment: "extra"),
            UsageCase(arguments: ["batch", "a", "b"], fragment: "'b'"),
            UsageCase(arguments: ["merge"], fragment: "report folder"),
            UsageCase(arguments: ["merge", "a", "b"], fragment: "'b'"),
            UsageCase(
                arguments: ["merge", "/nonexistent/out", "--exercise", "conv-backward"], fragment: "conv-backward"),
            UsageCase(arguments: ["merge", "/nonexistent/out", "--shard", "0/2"], fragment: "--shard"),
            UsageCase(arguments: ["list", "--resume"], fragment: "--resume"),
            // An unknown exercise id is a mistake on the command line (issue 10): 64, with the ids there are.
            UsageCase(
                arguments: ["run", "--exercise", "conv-backward", "--submission", "Examples/submissions/alice"],
                fragment: "conv-backward"),
            UsageCase(arguments: ["cases", "--exercise", "conv-backward"], fragment: "conv-backward"),
            UsageCase(arguments: ["init", "--exercise", "conv-backward", "/tmp"], fragment: "conv-backward"),
            UsageCase(
                arguments: [
                    "batch", "Examples/submissions", "--exercise", "conv-backward", "--out",
                    "/tmp/grader-e2e-never-written",
                ],
                fragment: "conv-backward"),
        ]

        @Test(arguments: usageErrors)
        func usageErrorsExit64WithOneLine(_ usage: UsageCase) throws {
            let output = try GraderProcess.run(usage.arguments)
            expectOneLineError(output, status: 64, mentioning: usage.fragment)
            #expect(output.stdout.isEmpty, "\(output)")
        }

        /// A could-not-grade error, with a fragment its message must hold.
        struct FailureCase: CustomTestStringConvertible, Sendable {
            var arguments: [String]
            var fragment: String
            var testDescription: String { arguments.joined(separator: " ") }
        }

        static let failures: [FailureCase] = [
            FailureCase(
                arguments: ["run", "--exercise", "fc-backward", "--submission", "/nonexistent/submission"],
                fragment: "/nonexistent/submission"),
            FailureCase(arguments: ["batch", "/nonexistent/class"], fragment: "/nonexistent/class"),
            FailureCase(arguments: ["batch", "grader.json"], fragment: "grader.json"),
            FailureCase(
                arguments: ["list", "--config", "/nonexistent/grader.json"], fragment: "/nonexistent/grader.json"),
        ]

        @Test(arguments: failures)
        func couldNotGradeExits1WithOneLine(_ failure: FailureCase) throws {
            let output = try GraderProcess.run(failure.arguments)
            expectOneLineError(output, status: 1, mentioning: failure.fragment)
        }

        /// A broken `grader.json`: how it is broken and the key the message must name.
        struct BrokenConfig: CustomTestStringConvertible, Sendable {
            var name: String
            var edit: @Sendable (inout [String: Any]) -> Void
            var fragment: String
            var testDescription: String { name }
        }

        static let brokenConfigs: [BrokenConfig] = [
            BrokenConfig(name: "unknown top-level key", edit: { $0["sede"] = 1 }, fragment: "sede"),
            BrokenConfig(name: "missing top-level key", edit: { $0["seed"] = nil }, fragment: "seed"),
            BrokenConfig(
                name: "unknown tolerance key",
                edit: { $0["tolerance"] = ["absolute": 1e-5, "relative": 0, "ulps": 2] }, fragment: "ulps"),
            BrokenConfig(
                name: "missing exercise key",
                edit: { config in
                    guard var exercises = config["exercises"] as? [[String: Any]] else { return }
                    exercises[1]["points"] = nil
                    config["exercises"] = exercises
                }, fragment: "points"),
            BrokenConfig(
                name: "unknown points key",
                edit: { config in
                    guard var exercises = config["exercises"] as? [[String: Any]] else { return }
                    exercises[0]["points"] = [
                        "FullyConnected.backward": 4, "FullyConnected.dW": 3, "FullyConnected.db": 3,
                        "FullyConnected.dx": 1,
                    ]
                    config["exercises"] = exercises
                }, fragment: "FullyConnected.dx"),
            BrokenConfig(name: "wrong type", edit: { $0["timeLimitSeconds"] = "twenty" }, fragment: "timeLimitSeconds"),
        ]

        @Test(arguments: brokenConfigs)
        func aBrokenConfigurationNamesTheKey(_ broken: BrokenConfig) throws {
            let scratch = try TemporaryDirectory()
            defer { scratch.remove() }
            let shipped = try #require(FileManager.default.contents(atPath: GraderProcess.configPath))
            var object = try #require(try JSONSerialization.jsonObject(with: shipped) as? [String: Any])
            broken.edit(&object)
            let path = scratch.path + "/grader.json"
            try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: path))
            for arguments in [
                ["list"], ["cases", "--exercise", "fc-backward"],
                ["run", "--exercise", "fc-backward", "--submission", GraderProcess.example("alice")],
                ["batch", GraderProcess.packageRoot + "/Examples/submissions", "--out", scratch.path + "/out"],
            ] {
                let output = try GraderProcess.run(arguments + ["--config", path])
                expectOneLineError(output, status: 1, mentioning: broken.fragment)
            }
            #expect(
                !FileManager.default.fileExists(atPath: scratch.path + "/out"),
                "nothing graded on a broken configuration")
        }

        @Test(arguments: ["{ \"formatVersion\": 1, ", "", "[1, 2, 3]", "not json at all"])
        func aConfigurationThatIsNotAnObjectIsRefused(_ text: String) throws {
            let scratch = try TemporaryDirectory()
            defer { scratch.remove() }
            let path = scratch.path + "/broken.json"
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            let output = try GraderProcess.run(["list", "--config", path])
            expectOneLineError(output, status: 1)
        }

        @Test func aConfigurationThatIsADirectoryIsRefused() throws {
            let scratch = try TemporaryDirectory()
            defer { scratch.remove() }
            let output = try GraderProcess.run(["list", "--config", scratch.path])
            expectOneLineError(output, status: 1, mentioning: scratch.path)
        }
    }
}
