import Foundation
import GraderCore
import Testing

extension GraderCLI {
    /// Issue 10, point 5: a failure says how to re-run its case, and that command shows the case
    /// compactly; `cases` prints for people by default. Run from a student's folder outside the
    /// checkout, with the student's file copied there.
    @Suite struct Reproduce {
        /// A student's folder holding carol's Losses.swift (a softmax gradient not divided by B).
        static func studentFolder() throws -> TemporaryDirectory {
            let folder = try TemporaryDirectory()
            try FileManager.default.copyItem(
                atPath: GraderProcess.example("carol") + "/Losses.swift", toPath: folder.path + "/Losses.swift")
            return folder
        }

        @Test func theRerunLineOfAFailureRunsThatCaseAndShowsItsValues() throws {
            let folder = try Self.studentFolder()
            defer { folder.remove() }
            let report = try GraderProcess.run(
                ["run", "--exercise", "loss-backward", "--submission", "Losses.swift"], in: folder.path)
            #expect(report.status == 0, "\(report)")
            let prefix = "rerun this case: "
            let line = try #require(report.stdoutLines.first { $0.contains(prefix) }, "\(report)")
            let command = String(line[try #require(line.range(of: prefix)).upperBound...])
            #expect(
                command
                    == "grader run --exercise loss-backward --submission Losses.swift --case 0 --class SoftmaxWithLoss --seed 20261121"
            )
            // The command as printed, with the built binary for `grader`.
            let arguments = command.split(separator: " ").dropFirst().map(String.init)
            let rerun = try GraderProcess.run(arguments, in: folder.path)
            #expect(rerun.status == 0, "\(rerun)")
            let text = rerun.stdout
            #expect(text.hasPrefix("SoftmaxWithLoss, case 0 (sample, seed 20261121)"), "\(rerun)")
            #expect(text.contains("✗ SoftmaxWithLoss.backward: wrong values"))
            #expect(text.contains("largest error 0.37763576 at [0, 1]"))
            // The worst element is marked in the expected and the actual values, and the hint follows.
            #expect(text.contains("»-0.37763576«") && text.contains("»-0.75527153«"), "\(rerun)")
            #expect(text.contains("hint: Your softmax gradient is not divided by the batch size B"))
            #expect(!text.contains("MeanSquaredError"), "--class keeps the other class out")
        }

        @Test func whatAFailingClassPrintedIsShownUnderIt() throws {
            // Issue 10, point 3: carol's softmax, printing on every call; her MSE is right and prints too.
            let folder = try TemporaryDirectory()
            defer { folder.remove() }
            let source = try String(contentsOfFile: GraderProcess.example("carol") + "/Losses.swift", encoding: .utf8)
            var lines = source.components(separatedBy: "\n")
            let backward = lines.indices.filter { lines[$0].contains("func backward() -> Tensor {") }
            try #require(backward.count == 2)
            lines.insert("        print(\"mse backward called\")", at: backward[1] + 1)
            lines.insert("        print(\"softmax backward called\")", at: backward[0] + 1)
            try lines.joined(separator: "\n").write(
                toFile: folder.path + "/Losses.swift", atomically: true, encoding: .utf8)
            let output = try GraderProcess.run(
                ["run", "--exercise", "loss-backward", "--submission", "Losses.swift"], in: folder.path)
            #expect(output.status == 0, "\(output)")
            #expect(
                output.stdout.contains("      SoftmaxWithLoss printed:\n      | softmax backward called"), "\(output)")
            // A passing class's prints stay in the JSON only.
            #expect(!output.stdout.contains("mse backward called"), "\(output)")
        }

        @Test func aLargeCaseIsShownElidedAroundItsWorstElement() throws {
            // MNIST scale: x of (64, 28, 28); the text stays small and keeps the worst element in view.
            let output = try GraderProcess.run([
                "run", "--exercise", "fc-backward", "--submission",
                GraderProcess.packageRoot + "/Tests/Fixtures/submissions/mistake-fc-db-mean", "--case", "12",
            ])
            #expect(output.status == 0, "\(output)")
            #expect(output.stdout.utf8.count < 20_000, "\(output.stdout.utf8.count) bytes")
            #expect(output.stdout.contains("x [64, 28, 28]:") && output.stdout.contains("..."), "\(output)")
            #expect(output.stdout.contains("✓ FullyConnected.dW: passed"), "\(output)")
            #expect(output.stdout.contains("✗ FullyConnected.db: wrong values"), "\(output)")
            #expect(output.stdout.contains("»"), "the worst element is marked")
        }

        @Test func aCaseThatDoesNotExistIsAUsageError() throws {
            let folder = try Self.studentFolder()
            defer { folder.remove() }
            let output = try GraderProcess.run(
                ["run", "--exercise", "loss-backward", "--submission", "Losses.swift", "--case", "99"], in: folder.path)
            #expect(output.status == 64, "\(output)")
            #expect(
                output.stderr.contains("'99' is not a valid value for --case: expected a case of SoftmaxWithLoss, 0 to")
            )
            let unknown = try GraderProcess.run(
                [
                    "run", "--exercise", "loss-backward", "--submission", "Losses.swift", "--case", "1", "--class",
                    "Relu",
                ],
                in: folder.path)
            #expect(
                unknown.status == 64 && unknown.stderr.contains("SoftmaxWithLoss or MeanSquaredError"), "\(unknown)")
        }

        @Test func casesPrintsACompactFormByDefault() throws {
            let folder = try TemporaryDirectory()
            defer { folder.remove() }
            let text = try GraderProcess.run(
                ["cases", "--exercise", "fc-backward", "--case", "12", "--expected"], in: folder.path)
            let json = try GraderProcess.run(
                ["cases", "--exercise", "fc-backward", "--case", "12", "--expected", "--format", "json"],
                in: folder.path)
            #expect(text.status == 0 && json.status == 0, "\(text)\n\(json.stderr)")
            #expect(text.stdout.hasPrefix("FullyConnected, case 12 (mnist-scale"), "\(text)")
            #expect(text.stdout.contains("expected FullyConnected.dW [784, 128]:"))
            // Every number in JSON; a few screens for people.
            #expect(
                text.stdout.utf8.count * 20 < json.stdout.utf8.count,
                "\(text.stdout.utf8.count) vs \(json.stdout.utf8.count)")
        }
    }
}
