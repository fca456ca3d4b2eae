import Foundation
import GraderCore
import TestSupport
import Testing

extension GraderCLI {
    /// Issue 10, points 4 and 6, as a student meets them: the installed binary, run from the
    /// student's own folder outside the checkout, on the near misses and the crash a beginner makes.
    /// The text each prints is what the student reads, so that is what is checked.
    @Suite struct BeginnersMistakes {
        /// A student's folder `mywork` in a fresh home, with the installed grader.
        struct Student {
            let home: TemporaryDirectory
            let grader: String
            let work: String

            init() throws {
                home = try TemporaryDirectory()
                grader = try OutsideTheCheckout.install(into: home)
                work = home.path + "/mywork"
                try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
            }

            /// Writes alice's `FullyConnected.swift`, changed by `edit`, at `relativePath` in the folder.
            func writeAlicesFile(at relativePath: String, _ edit: (String) -> String = { $0 }) throws {
                let source = try String(
                    contentsOfFile: GraderProcess.example("alice") + "/FullyConnected.swift", encoding: .utf8)
                let path = work + "/" + relativePath
                try FileManager.default.createDirectory(
                    atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try edit(source).write(toFile: path, atomically: true, encoding: .utf8)
            }

            /// `grader run --exercise EXERCISE --submission .` from the folder.
            func run(_ exercise: String) throws -> GraderOutput {
                try OutsideTheCheckout.run(grader, ["run", "--exercise", exercise, "--submission", "."], in: work)
            }
        }

        @Test func aFileOneFolderDownIsFoundAndNamed() throws {
            let student = try Student()
            defer { student.home.remove() }
            try student.writeAlicesFile(at: "hw3/FullyConnected.swift")
            let result = try student.run("fc-backward")
            #expect(result.stdout.contains("found hw3/FullyConnected.swift: move it to the top"), "\(result)")
            #expect(result.stdoutLines.last == "score: 0/10", "\(result)")
        }

        @Test func aRenamedClassIsNamedWithWhatToDo() throws {
            let student = try Student()
            defer { student.home.remove() }
            try student.writeAlicesFile(at: "FullyConnected.swift") {
                $0.replacingOccurrences(of: "class FullyConnected", with: "class FCLayer")
            }
            let result = try student.run("fc-backward")
            #expect(result.stdout.contains("found class FCLayer with the members of FullyConnected"), "\(result)")
            #expect(result.stdout.contains("rename it"), "\(result)")
        }

        @Test func aMissingImportSaysToAddItAheadOfTheErrors() throws {
            let student = try Student()
            defer { student.home.remove() }
            try student.writeAlicesFile(at: "FullyConnected.swift") {
                $0.replacingOccurrences(of: "import ExerciseKit\n", with: "")
            }
            let result = try student.run("fc-backward")
            let hint = try #require(result.stdout.range(of: "add `import ExerciseKit`"), "\(result)")
            let firstError = try #require(result.stdout.range(of: "cannot find type 'Tensor'"), "\(result)")
            #expect(hint.lowerBound < firstError.lowerBound, "the hint comes before the errors: \(result)")
            #expect(!result.stdout.contains("Swift.String"), "no notes about the standard library: \(result)")
        }

        @Test func anotherExercisesFileIsNamedAsSuch() throws {
            let student = try Student()
            defer { student.home.remove() }
            try student.writeAlicesFile(at: "FullyConnected.swift")
            let result = try student.run("activation-backward")
            #expect(
                result.stdout.contains("it has FullyConnected.swift, the file of fc-backward"), "\(result)")
            #expect(!result.stdout.contains("class Sigmoid is missing"), "\(result)")
        }

        @Test func aTrapInsideTheKitNamesTheStudentsLineInWords() throws {
            let student = try Student()
            defer { student.home.remove() }
            let fixture = GraderProcess.packageRoot + "/Tests/Fixtures/hostile/trap-in-kit/FullyConnected.swift"
            try FileManager.default.copyItem(atPath: fixture, toPath: student.work + "/FullyConnected.swift")
            let result = try student.run("fc-backward")
            #expect(result.stdout.contains("Swift runtime error at FullyConnected.swift:"), "\(result)")
            #expect(result.stdout.contains("never reached: backward crashed"), "\(result)")
            #expect(!result.stdout.contains("SIGILL"), "\(result)")
            #expect(result.stdoutLines.last == "score: 0/10", "\(result)")
        }
    }
}
