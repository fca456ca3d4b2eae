// Issue 15: the grader runs swift-frontend and ld.lld itself, from a recipe derived from the driver's
// own plan. These tests hold it to the toolchain (the recipe is what `swiftc -###` plans, the autolink
// entries what swift-autolink-extract reads, so a toolchain update that changes either is caught),
// and to the driver's verdicts (the same plugin behaviour, the same diagnostics), and check the
// fallback to the driver: asked for, for a refused recipe, and for a linker that fails.

import Foundation
import TestSupport
import Testing

@testable import GraderCore

#if canImport(Glibc)
    import Glibc
#endif

@Suite("The direct compile: the toolchain's own plan, the driver's verdicts", .serialized)
struct DirectCompileTests {
    /// The compiler of the shared test cache, in `mode`.
    static func compiler(_ mode: CompileMode = .direct) throws -> PluginCompiler {
        let toolchain = try Toolchain.locate()
        let home = GraderHome(root: TestEnvironment.packageRoot)
        let kit = try KitBuild.ensure(toolchain: toolchain, home: home)
        return PluginCompiler(
            toolchain: toolchain, kit: kit, home: home, limits: CompileLimits(), useNamespaces: true, mode: mode)
    }

    @Test("the kit's key is found again by its sources' stamps; a memo naming no kit is passed over")
    func kitKeyByStamps() throws {
        let toolchain = try Toolchain.locate()
        let home = GraderHome(root: TestEnvironment.packageRoot)
        let kit = try KitBuild.ensure(toolchain: toolchain, home: home)
        let memo = try #require(
            KitBuild.stampMemo(sources: try home.exerciseKitSources(), toolchain: toolchain, home: home))
        #expect(try String(contentsOfFile: memo, encoding: .utf8) == kit.key)
        try AtomicFile.write(String(repeating: "0", count: 64), to: memo)
        let again = try KitBuild.ensure(toolchain: toolchain, home: home)
        #expect(again.key == kit.key && again.directory == kit.directory)
        #expect(try String(contentsOfFile: memo, encoding: .utf8) == kit.key, "written again")
    }

    /// A sample student's file with a comment no other test's has (a new plugin, compiled).
    static func source(_ student: String, _ exercise: ExerciseID = .fcBackward) throws -> SubmissionSource {
        let configuration = try TestEnvironment.configuration()
        let exercise = try #require(configuration.exercises.first { $0.id == exercise })
        let path = TestEnvironment.example(student) + "/" + exercise.file
        let bytes = try #require(FileManager.default.contents(atPath: path))
        return SubmissionSource(exercise: exercise.exercise, bytes: Array(bytes) + Array("\n// \(UUID())\n".utf8))
    }

    /// Runs a tool, its output; its temporary files (the driver's) go to `folder`.
    static func run(_ executable: String, _ arguments: [String], in folder: String? = nil) throws -> String {
        let environment = folder.map { ["PATH=/usr/bin:/bin", "TMPDIR=" + $0] }
        let result = try Subprocess.run(executable, arguments, workingDirectory: folder, environment: environment)
        #expect(result.status == 0, "\(executable) \(arguments.joined(separator: " ")): \(result.output)")
        return result.output
    }

    @Test(
        "the recipe is what swiftc -### and clang -fuse-ld=lld -### plan, for other paths too",
        arguments: [[], PluginCompiler.singleThreadedFlags])
    func recipeMatchesTheDriver(_ extra: [String]) throws {
        let flags = PluginCompiler.flags + PluginCompiler.frontendFlags + extra
        let compiler = try Self.compiler()
        let scratch = try Scratch()
        defer { scratch.remove() }
        let derived = try CompileRecipe.derive(
            toolchain: compiler.toolchain, in: scratch.path + "/derive",
            environment: ["PATH=/usr/bin:/bin", "LANG=C.UTF-8"]
        ) { inputs, output, _, kit in
            PluginCompiler.driverArguments(
                toolchain: compiler.toolchain, flags: flags, files: inputs, output: output, kitDirectory: kit)
        }
        let recipe = try derived.get()
        #expect(recipe.namedFiles.allSatisfy(FileManager.default.fileExists(atPath:)))
        #expect(recipe.linker.first.map { ($0 as NSString).lastPathComponent } == "ld.lld")

        // Other paths, three inputs: the driver's own plan for them, step by step (paths spelt as
        // the driver prints them).
        let base = try #require(
            realpath(scratch.path, nil).map { pointer in
                defer { free(pointer) }
                return String(cString: pointer)
            })
        let work = base + "/other work"
        let kit = base + "/other-kit"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        let inputs = ["A.swift", "BPGGlueCommon.swift", "BPGGlue_X.swift"].map { work + "/" + $0 }
        let driver = PluginCompiler.driverArguments(
            toolchain: compiler.toolchain, flags: flags, files: inputs, output: work + "/plugin.so", kitDirectory: kit)
        let plan = try Self.run(driver[0], Array(driver.dropFirst()) + ["-###"], in: work)
        let steps = plan.split(separator: "\n").compactMap { ShellWords.split(String($0)) }
        try #require(steps.count == 3, "\(plan)")
        var frontend = steps[0]
        if let map = frontend.firstIndex(of: "-supplementary-output-file-map") {
            frontend.removeSubrange(map...(map + 1))
        }
        let object = try #require(frontend.last)
        #expect(
            recipe.frontendArguments(inputs: inputs, object: object, kitDirectory: kit, workDirectory: work) == frontend
        )

        try Data().write(to: URL(fileURLWithPath: base + "/object.o"))
        let table = steps[1][3]
        let clang: [String] = steps[2].filter { $0 != "@" + table }.map { $0 == object ? base + "/object.o" : $0 }
        let link = try Self.run(clang[0], Array(clang.dropFirst()) + ["-fuse-ld=lld", "-###"], in: work)
        let lines = link.split(separator: "\n").filter { $0.hasPrefix(" \"") }
        let linker = try #require(lines.first.flatMap { ShellWords.split(String($0)) })
        var expected = linker
        let at = try #require(expected.firstIndex(of: base + "/object.o"))
        expected.insert(contentsOf: ["-lswiftCore", "-lm"], at: at + 1)
        #expect(
            recipe.linkerArguments(
                object: base + "/object.o", autolink: ["-lswiftCore", "-lm"], output: work + "/plugin.so",
                kitDirectory: kit, workDirectory: work) == expected)
    }

    @Test(
        "the grader reads an object's autolink entries as swift-autolink-extract does",
        arguments: [
            "import Foundation\npublic func f() -> String { Date().description }\n",
            "import Glibc\nimport Dispatch\npublic func f() -> Double { sqrt(2) }\n",
            "public func f() -> [Int] { [1, 2].map { $0 * 2 } }\n",
        ])
    func autolinkMatchesTheTool(_ source: String) throws {
        let toolchain = try Toolchain.locate()
        let scratch = try Scratch()
        defer { scratch.remove() }
        try source.write(toFile: scratch.path + "/A.swift", atomically: true, encoding: .utf8)
        _ = try Self.run(
            toolchain.swiftc,
            ["-c", "-parse-as-library", "-module-name", "A", scratch.path + "/A.swift", "-o", scratch.path + "/A.o"],
            in: scratch.path)
        let tool = toolchain.usrDirectory + "/bin/swift-autolink-extract"
        let listed = try Self.run(tool, [scratch.path + "/A.o", "-o", "-"], in: scratch.path)
        let bytes = try #require(FileManager.default.contents(atPath: scratch.path + "/A.o"))
        let read = try #require(AutolinkEntries.linkerFlags(ofObject: Array(bytes)))
        #expect(read == listed.split(separator: "\n").map(String.init))
        #expect(read.contains("-lswiftCore"))
    }

    @Test("plugins built directly and by the driver grade alike, and say how they were built")
    func directAndDriverGradeAlike() throws {
        let configuration = try TestEnvironment.configuration()
        var reports: [ExerciseReport] = []
        for mode in [CompileMode.direct, .driver] {
            let compiler = try Self.compiler(mode)
            let source = try Self.source("bob")
            let build = try #require(try compiler.compile([source])[.fcBackward])
            #expect(build.status == .built)
            #expect(build.compilePath == (mode == .direct ? .direct : .driver(reason: "GRADER_COMPILE=driver")))
            let grader = Grader(
                configuration: configuration, exercises: [.fcBackward], timeLimitSeconds: 10, compiler: compiler,
                launcher: WorkerLauncher(
                    executable: TestEnvironment.graderBinary, toolchain: compiler.toolchain, useNamespaces: true))
            let scratch = try Scratch()
            defer { scratch.remove() }
            try Data(source.bytes).write(to: URL(fileURLWithPath: scratch.path + "/FullyConnected.swift"))
            reports.append(try grader.grade(path: scratch.path, exercise: .fcBackward))
        }
        #expect(reports[0].score == reports[0].maxScore)
        #expect(reports[0].methods.map(\.score) == reports[1].methods.map(\.score))
        #expect(reports[0].methods.map(\.casesPassed) == reports[1].methods.map(\.casesPassed))
    }

    @Test(
        "compile errors read the same whichever path compiled them",
        arguments: [
            "compile-error", "wrong-signature-label", "missing-class", "abi-symbol-clash", "source-location",
        ])
    func sameDiagnostics(_ fixture: String) throws {
        let hostile = try HostileFixture.named(fixture)
        let configuration = try TestEnvironment.configuration()
        let exercise = try #require(configuration.exercises.first { $0.id == hostile.exercise })
        let bytes = try #require(FileManager.default.contents(atPath: hostile.path + "/" + exercise.file))
        var builds: [PluginBuild] = []
        for mode in [CompileMode.direct, .driver] {
            let source = SubmissionSource(
                exercise: exercise.exercise, bytes: Array(bytes) + Array("\n// \(UUID())\n".utf8))
            var build = try #require(try Self.compiler(mode).compile([source])[hostile.exercise])
            build.pluginPath = nil
            build.compileSeconds = 0
            build.compilePath = nil
            builds.append(build)
        }
        #expect(builds[0] == builds[1])
    }

    @Test("a refused recipe, a failing linker: the driver compiles, and the build says why")
    func fallBackToTheDriver() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        var compiler = try Self.compiler()
        let flags = PluginCompiler.flags(for: [try Self.source("alice")])
        let key = compiler.recipeKey(flags: flags)
        let good = try compiler.recipe(flags: flags).get()

        compiler.recipes = CompileRecipeStore(directory: scratch.path + "/refused")
        let refused = CompileRecipeStore.Record(recipe: nil, refusal: "the driver planned 4 steps, not 3")
        try AtomicFile.write(try JSONEncoder().encode(refused), to: compiler.recipes.path(forKey: key))
        let first = try #require(try compiler.compile([Self.source("alice")])[.fcBackward])
        #expect(first.status == .built)
        #expect(first.compilePath == .driver(reason: "the driver planned 4 steps, not 3"))

        compiler.recipes = CompileRecipeStore(directory: scratch.path + "/failing")
        var failing = good
        failing.linker.insert("--no-such-option-for-the-test", at: 1)
        let record = CompileRecipeStore.Record(recipe: failing, refusal: nil)
        try AtomicFile.write(try JSONEncoder().encode(record), to: compiler.recipes.path(forKey: key))
        let second = try #require(try compiler.compile([Self.source("alice")])[.fcBackward])
        #expect(second.status == .built)
        guard case .driver(let reason) = second.compilePath else {
            Issue.record("not the driver: \(String(describing: second.compilePath))")
            return
        }
        #expect(reason.hasPrefix("ld.lld failed:"), "\(reason)")
        #expect(reason.contains("--no-such-option-for-the-test"), "\(reason)")
    }

    @Test("a recipe is derived once and kept; one that names a file no longer there is derived again")
    func recipeStore() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let good = try Self.compiler().recipe(flags: PluginCompiler.flags).get()
        let store = CompileRecipeStore(directory: scratch.path)
        var derivations = 0
        for _ in 0..<2 {
            _ = try store.recipe(key: "k") {
                derivations += 1
                return .success(good)
            }
        }
        #expect(derivations == 1)
        let again = CompileRecipeStore(directory: scratch.path)
        #expect(try again.recipe(key: "k") { .failure(.init(reason: "not derived")) }.get() == good)
        let refusal = try again.recipe(key: "other") { .failure(.init(reason: "no")) }
        #expect(throws: CompileRecipe.Refusal.self) { try refusal.get() }
        let kept = try CompileRecipeStore(directory: scratch.path).recipe(key: "other") { .success(good) }
        #expect(throws: CompileRecipe.Refusal.self) { try kept.get() }

        var stale = good
        stale.linker[0] = scratch.path + "/gone/ld.lld"
        let record = CompileRecipeStore.Record(recipe: stale, refusal: nil)
        try AtomicFile.write(try JSONEncoder().encode(record), to: store.path(forKey: "stale"))
        let fresh = try CompileRecipeStore(directory: scratch.path).recipe(key: "stale") { .success(good) }
        #expect(try fresh.get() == good)
        let rewritten = try CompileRecipeStore(directory: scratch.path).recipe(key: "stale") {
            .failure(.init(reason: "derived again"))
        }
        #expect(try rewritten.get() == good)
    }
}
