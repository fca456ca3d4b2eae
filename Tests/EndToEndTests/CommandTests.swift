import Foundation
import GraderCore
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

extension GraderCLI {
    /// `list`, `init`, `cases`, `--help` and the bare command: everything that does not grade.
    @Suite struct Commands {
        /// One element of `grader cases --case K` output.
        struct PrintedCase: Decodable {
            struct PrintedTensor: Decodable {
                var shape: [Int]
                var scalars: [Double]
            }

            var exercise: String
            var `class`: String
            var index: Int
            var kind: String
            var seed: UInt64
            var inputs: [String: PrintedTensor]
            var expected: [String: PrintedTensor]?
        }

        @Test func listShowsEveryExerciseWithItsFileAndPoints() throws {
            let output = try GraderProcess.run(["list"])
            #expect(output.status == 0, "\(output)")
            #expect(output.stderr.isEmpty, "\(output)")
            let configuration = try CourseConfiguration.load(path: GraderProcess.configPath)
            #expect(configuration.exercises.map(\.id) == ExerciseID.allCases)
            for exercise in configuration.exercises {
                #expect(output.stdoutLines.contains { $0.hasPrefix(exercise.id.rawValue + "  ") }, "\(output)")
                #expect(output.stdout.contains("file: \(exercise.file)"), "\(output)")
                for quantity in exercise.id.quantities {
                    let points = exercise.points(quantity)
                    let text = points == points.rounded() ? String(Int(points)) : String(points)
                    #expect(output.stdout.contains("\(quantity.rawValue): \(text) points"), "\(output)")
                }
            }
            #expect(output.stdoutLines.filter { $0.contains("total: 10 points") }.count == 3, "\(output)")
            #expect(!output.stdout.contains("\u{1B}"), "no colour when standard output is not a terminal")
        }

        @Test func listWorksFromAnotherDirectoryWithAndWithoutConfig() throws {
            let scratch = try TemporaryDirectory()
            defer { scratch.remove() }
            // No grader.json here or above: the course the grader was built with (issue 10).
            let without = try GraderProcess.run(["list"], in: scratch.path)
            #expect(without.status == 0, "\(without)")
            #expect(without.stdout.contains("fc-backward"), "\(without)")
            let with = try GraderProcess.run(["list", "--config", GraderProcess.configPath], in: scratch.path)
            #expect(with.status == 0, "\(with)")
            #expect(with.stdout.contains("fc-backward"), "\(with)")
        }

        @Test(arguments: ExerciseID.allCases)
        func initCopiesTheTemplateAndRefusesToOverwrite(_ exercise: ExerciseID) throws {
            let scratch = try TemporaryDirectory()
            defer { scratch.remove() }
            let destination = scratch.path + "/student"
            let output = try GraderProcess.run(["init", "--exercise", exercise.rawValue, destination])
            #expect(output.status == 0, "\(output)")
            let file = destination + "/" + exercise.fileName
            let copied = try #require(FileManager.default.contents(atPath: file), "\(output)")
            let template = try #require(
                FileManager.default.contents(
                    atPath: GraderProcess.packageRoot + "/Exercises/\(exercise.rawValue)/\(exercise.fileName)"))
            #expect(copied == template)
            #expect(output.stdout.contains(file), "\(output)")

            // A student's work in progress is never overwritten.
            try Data("// my work\n".utf8).write(to: URL(fileURLWithPath: file))
            let again = try GraderProcess.run(["init", "--exercise", exercise.rawValue, destination])
            expectOneLineError(again, status: 1, mentioning: file)
            #expect(FileManager.default.contents(atPath: file) == Data("// my work\n".utf8))
        }

        @Test func initDefaultsToTheCurrentDirectory() throws {
            let scratch = try TemporaryDirectory()
            defer { scratch.remove() }
            let output = try GraderProcess.run(
                ["init", "--exercise", "activation-backward", "--config", GraderProcess.configPath], in: scratch.path)
            #expect(output.status == 0, "\(output)")
            #expect(FileManager.default.fileExists(atPath: scratch.path + "/Activations.swift"))
        }

        @Test(arguments: ExerciseID.allCases)
        func casesPrintsOneLinePerCase(_ exercise: ExerciseID) throws {
            let output = try GraderProcess.run(["cases", "--exercise", exercise.rawValue])
            #expect(output.status == 0, "\(output)")
            let configuration = try CourseConfiguration.load(path: GraderProcess.configPath)
            let settings = try #require(configuration.exercise(exercise))
            let generator = CaseGenerator(
                seed: configuration.seed, randomCases: settings.randomCases, includeLargeCase: settings.largeCase)
            let expectedCount = exercise.gradedClasses.reduce(0) { $0 + generator.caseCount($1) }
            #expect(output.stdoutLines.count == expectedCount, "\(output)")
            for gradedClass in exercise.gradedClasses {
                let lines = output.stdoutLines.filter { $0.hasPrefix(gradedClass.className + " ") }
                #expect(lines.count == generator.caseCount(gradedClass), "\(output)")
                // Indices 0, 1, 2... in order, the first being the seed's sample.
                let indices = lines.compactMap { $0.split(separator: " ").dropFirst().first.flatMap { Int($0) } }
                #expect(indices == Array(0..<lines.count), "\(output)")
                #expect(lines.first?.contains("sample") == true, "\(output)")
                for name in gradedClass.inputNames {
                    #expect(lines.allSatisfy { $0.contains(" \(name) [") }, "\(output)")
                }
            }
        }

        @Test func casesWithExpectedMatchesTheSeedSampleOfSoftmaxWithLoss() throws {
            let output = try GraderProcess.run(
                ["cases", "--exercise", "loss-backward", "--case", "0", "--expected", "--format", "json"])
            #expect(output.status == 0, "\(output)")
            let printed = try JSONDecoder().decode([PrintedCase].self, from: Data(output.stdout.utf8))
            #expect(printed.map(\.class) == ["SoftmaxWithLoss", "MeanSquaredError"])
            let softmax = try #require(printed.first { $0.class == "SoftmaxWithLoss" })
            #expect(softmax.exercise == "loss-backward")
            #expect(softmax.index == 0)
            #expect(softmax.kind == "sample")
            let x = try #require(softmax.inputs["x"])
            #expect(x.shape == [2, 3])
            #expect(x.scalars == [-1, 0, 1, -2, 0, 2])
            let t = try #require(softmax.inputs["t"])
            #expect(t.scalars == [1, 2])
            // SPEC section 3's values for the seed sample.
            let gradient = try #require(softmax.expected?["SoftmaxWithLoss.backward"])
            #expect(gradient.shape == [2, 3])
            let spec = [0.04501529, -0.37763576, 0.33262048, 0.00793812, 0.05865521, -0.06659333]
            try #require(gradient.scalars.count == spec.count)
            for (actual, expected) in zip(gradient.scalars, spec) {
                #expect(abs(actual - expected) <= 1e-8, "\(actual) vs \(expected)")
            }
            // MeanSquaredError's sample: t = 0, so the gradient is y itself.
            let mse = try #require(printed.first { $0.class == "MeanSquaredError" })
            let y = try #require(mse.inputs["y"])
            #expect(mse.expected?["MeanSquaredError.backward"]?.scalars == y.scalars)
        }

        @Test func casesWithoutExpectedHasNoAnswers() throws {
            let output = try GraderProcess.run([
                "cases", "--exercise", "fc-backward", "--case", "1", "--format", "json",
            ])
            #expect(output.status == 0, "\(output)")
            let printed = try JSONDecoder().decode([PrintedCase].self, from: Data(output.stdout.utf8))
            #expect(printed.count == 1)
            #expect(printed.first?.expected == nil)
            #expect(printed.first?.inputs.keys.sorted() == ["W", "b", "dout", "x"])
        }

        @Test(arguments: [
            [], ["list"], ["run"], ["batch"], ["merge"], ["cases"], ["init"],
        ])
        func helpOnEveryCommandExitsZero(_ command: [String]) throws {
            for flag in ["--help", "-h"] {
                let output = try GraderProcess.run(command + [flag])
                #expect(output.status == 0, "\(output)")
                #expect(output.stdout.contains("usage: grader"), "\(output)")
                #expect(output.stderr.isEmpty, "\(output)")
            }
        }

        @Test func helpComesBeforeOtherChecks() throws {
            // --help wins even when the rest of the line would be a usage error.
            let output = try GraderProcess.run(["run", "--exercise", "nope", "--help"])
            #expect(output.status == 0, "\(output)")
            #expect(output.stdout.contains("usage: grader run"), "\(output)")
        }

        @Test func noArgumentsIsAUsageError() throws {
            let output = try GraderProcess.run([])
            #expect(output.status == 64, "\(output)")
            #expect(!output.signaled)
            #expect(output.stderr.contains("usage: grader"), "\(output)")
            #expect(output.stdout.isEmpty, "\(output)")
        }

        @Test(arguments: [
            ["list"], ["cases", "--exercise", "fc-backward"],
            ["cases", "--exercise", "loss-backward", "--case", "0", "--expected"],
        ])
        func aClosedStandardOutputIsNotACrash(_ arguments: [String]) throws {
            // `grader cases ... | head`: the reader has gone before the grader writes (EPIPE).
            var ends: [Int32] = [0, 0]
            try #require(pipe(&ends) == 0)
            close(ends[0])
            let writer = FileHandle(fileDescriptor: ends[1], closeOnDealloc: true)
            let output = try GraderProcess.run(arguments, standardOutput: writer)
            try? writer.close()
            #expect(!output.signaled, "\(output)")
            #expect(output.status == 0, "\(output)")
            for crash in ["Fatal error", "Backtrace", "Program crashed"] {
                #expect(!output.stderr.contains(crash), "\(output)")
            }
        }
    }
}
