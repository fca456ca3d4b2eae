import Foundation
import GraderCore
import Testing

extension GraderCLI {
    /// The exported `setup.sh`, run as Gradescope runs it when it builds the autograder's image (from
    /// `/autograder/source`), on this machine, where a Swift toolchain is present: it must not download
    /// one, must build the grader in release mode and ExerciseKit for plugins, and leave a grader that
    /// `run_autograder` then uses, compiling the submission only.
    @Suite struct SetupScript {
        @Test func setupBuildsAGraderThatGradesWithoutBuildingTheKitAgain() throws {
            let root = try GradescopeAutograder.Root()
            defer { root.remove() }
            // Whatever the tests run with must not leak into what setup.sh and run_autograder find.
            let leaks = ["GRADER_BIN", "GRADER_HOME", "GRADER_CACHE_DIR", "GRADER_CONFIG", "GRADER_PACKAGE"]
            let setup = try ScriptProcess.run(
                "/bin/bash", [root.root + "/source/setup.sh"],
                environment: [
                    "GRADER_PLATFORM_ROOT": root.root,
                    // A download would fail: the toolchain present must be used.
                    "SWIFT_TOOLCHAIN_URL": "https://toolchain.invalid/swift.tar.gz",
                ], removing: leaks, in: root.root + "/source", watchdog: 3600)
            #expect(setup.status == 0, "\(setup)")
            #expect(setup.stdout.contains("a Swift toolchain is present"), "\(setup)")
            #expect(!setup.stdout.contains("installing the Swift toolchain"), "\(setup)")
            #expect(setup.stdout.contains("setup.sh: done"), "\(setup)")
            let grader = root.package + "/.build/release/grader"
            #expect(FileManager.default.isExecutableFile(atPath: grader))

            let kits = root.package + "/.build/grader-cache/kits"
            let before = try Self.kitState(kits)
            #expect(before.contains { $0.contains("/libExerciseKit.so ") }, "setup.sh built the kit: \(before)")

            let (output, data) = try root.grade("carol", subfolder: "hw3", environment: [:])
            let (problems, object) = PlatformSchemas.Gradescope.problems(data)
            #expect(problems.isEmpty, "\(problems)")
            #expect(
                abs((object["score"] as? Double ?? -1) - (try ExpectedGrades.score("carol", "total"))) < 1e-9,
                "\(output)")
            #expect(try Self.kitState(kits) == before, "the kit was not built again")
        }

        /// Every file of the kits' folder with its size and modification time.
        static func kitState(_ folder: String) throws -> [String] {
            let enumerator = try #require(FileManager.default.enumerator(atPath: folder))
            var state: [String] = []
            while let relative = enumerator.nextObject() as? String {
                let attributes = try FileManager.default.attributesOfItem(atPath: folder + "/" + relative)
                let date = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
                state.append("\(relative) \(attributes[.size] ?? 0) \(date)")
            }
            return state.sorted()
        }
    }
}
