import Foundation

/// Compiles a student's submission files with the grader's glue into plugins, through a
/// content-addressed cache.
///
/// All of a student's files are compiled at once, into one plugin, with one `swiftc`: compiling is
/// nearly all of a grading's cost, and most of a `swiftc` run is fixed overhead. If that fails
/// because of an error in any student file, each file is compiled on its own, so one broken file
/// costs no other exercise anything.
///
/// The cache key is the SHA-256 of everything that goes into a plugin: the student's bytes, the
/// exercises, the glue, ExerciseKit's build key (which covers the wire format), the toolchain version and the
/// flags. Identical submissions compile once; a changed kit or toolchain changes every key. Entries
/// land by rename, so parallel graders never see half a plugin; a plugin is never overwritten or
/// unloaded.
public struct PluginCompiler: Sendable {
    /// The toolchain.
    public var toolchain: Toolchain
    /// The kit plugins link against.
    public var kit: KitBuild
    /// Where the grader's files and cache are.
    public var home: GraderHome

    static let flags = [
        "-Onone", "-wmo", "-gline-tables-only", "-parse-as-library", "-diagnostic-style=llvm", "-swift-version", "5",
    ]

    /// What the cache keeps per key: the builds, or `nil` when compiling the files together failed
    /// and each must be compiled on its own.
    struct CacheRecord: Codable {
        var builds: [String: PluginBuild]?
    }

    /// Creates a compiler; builds the kit if the cache lacks it.
    ///
    /// - Throws: ``ToolchainError`` when there is no compiler or ExerciseKit does not build.
    public init(toolchain: Toolchain, home: GraderHome) throws {
        self.toolchain = toolchain
        self.home = home
        self.kit = try KitBuild.ensure(toolchain: toolchain, home: home)
    }

    /// Compiles one submission file.
    ///
    /// - Parameters:
    ///   - source: the submission's bytes.
    ///   - exercise: the exercise it is for.
    /// - Returns: the build.
    /// - Throws: see ``compile(sources:)``.
    public func compile(source: Data, exercise: ExerciseID) throws -> PluginBuild {
        let builds = try compile(sources: [exercise: source])
        guard let build = builds[exercise] else {
            throw GraderError.cannotWrite(
                path: home.cacheDirectory, reason: "no build recorded for \(exercise.rawValue)")
        }
        return build
    }

    /// Compiles a student's files, together when they compile together, else one by one.
    ///
    /// Errors in a student's file give that exercise a ``PluginBuild/Status/compileError`` with the
    /// compiler's diagnostics. Errors that show only in one class's glue mean that class is missing
    /// or declared with another signature: that class is left out (with a message in
    /// ``PluginBuild/classProblems``) and the rest is compiled again, so the other classes are still
    /// graded.
    ///
    /// - Parameter sources: each exercise's submission bytes.
    /// - Returns: a build per exercise (several may share one plugin).
    /// - Throws: ``ToolchainError`` or ``GraderError`` when the grader itself cannot compile (no
    ///   compiler, unwritable cache); never for a student's mistake.
    public func compile(sources: [ExerciseID: Data]) throws -> [ExerciseID: PluginBuild] {
        let exercises = sources.keys.sorted()
        var digest = SHA256()
        digest.update(field: "plugin-v2")
        digest.update(field: toolchain.version)
        digest.update(field: kit.key)
        digest.update(field: PluginCompiler.flags.joined(separator: " "))
        digest.update(field: GlueSource.common)
        for exercise in exercises {
            digest.update(field: exercise.rawValue)
            for gradedClass in exercise.gradedClasses { digest.update(field: GlueSource.entryPoint(gradedClass)) }
            digest.update(field: String(sources[exercise]?.count ?? 0))
            digest.update(sources[exercise] ?? Data())
        }
        let key = digest.hexDigest()
        let directory = home.cacheDirectory + "/plugins/" + String(key.prefix(2))
        let recordPath = directory + "/" + key + ".json"

        if let data = FileManager.default.contents(atPath: recordPath),
            let record = try? JSONDecoder().decode(CacheRecord.self, from: data)
        {
            if let builds = record.builds, builds.values.allSatisfy(isUsable) {
                return PluginCompiler.byExercise(builds).mapValues { build in
                    var cached = build
                    cached.cached = true
                    cached.compileSeconds = 0
                    return cached
                }
            }
            if record.builds == nil { return try separately(sources) }
        }

        let started = Date()
        let attempt = try build(sources: sources, key: key, directory: directory)
        guard var builds = attempt else {
            // Compiling together failed in a student's file: remember that, then one file at a time.
            try AtomicFile.write(try JSONEncoder().encode(CacheRecord(builds: nil)), to: recordPath)
            return try separately(sources)
        }
        let seconds = Date().timeIntervalSince(started)
        for exercise in builds.keys { builds[exercise]?.compileSeconds = seconds }
        let record = CacheRecord(builds: Dictionary(uniqueKeysWithValues: builds.map { ($0.key.rawValue, $0.value) }))
        try AtomicFile.write(try JSONEncoder().encode(record), to: recordPath)
        return builds
    }

    /// Compiles each file on its own.
    func separately(_ sources: [ExerciseID: Data]) throws -> [ExerciseID: PluginBuild] {
        var builds: [ExerciseID: PluginBuild] = [:]
        for (exercise, source) in sources { builds[exercise] = try compile(source: source, exercise: exercise) }
        return builds
    }

    func isUsable(_ build: PluginBuild) -> Bool {
        build.status == .compileError || build.pluginPath.map(FileManager.default.fileExists(atPath:)) == true
    }

    static func byExercise(_ builds: [String: PluginBuild]) -> [ExerciseID: PluginBuild] {
        var result: [ExerciseID: PluginBuild] = [:]
        for (name, build) in builds {
            if let exercise = ExerciseID(rawValue: name) { result[exercise] = build }
        }
        return result
    }

    /// One compile of the given files, dropping classes whose glue does not compile.
    ///
    /// - Returns: the builds, or `nil` when several files were compiled together and a student's file
    ///   has an error (the caller then compiles them one by one).
    func build(sources: [ExerciseID: Data], key: String, directory: String) throws
        -> [ExerciseID: PluginBuild]?
    {
        let exercises = sources.keys.sorted()
        let work = home.cacheDirectory + "/work/" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: work) }
        do {
            try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
            for exercise in exercises {
                try (sources[exercise] ?? Data()).write(to: URL(fileURLWithPath: work + "/" + exercise.fileName))
                for gradedClass in exercise.gradedClasses {
                    try GlueSource.entryPoint(gradedClass).write(
                        toFile: work + "/" + GlueSource.fileName(gradedClass), atomically: false, encoding: .utf8)
                }
            }
            try GlueSource.common.write(
                toFile: work + "/" + GlueSource.commonFileName, atomically: false, encoding: .utf8)
        } catch {
            throw GraderError.cannotWrite(path: work, reason: error.localizedDescription)
        }

        var classes = exercises.flatMap(\.gradedClasses)
        var problems: [String: String] = [:]
        let output = work + "/plugin.so"
        while true {
            let result = try runCompiler(work: work, exercises: exercises, classes: classes, output: output)
            if result.status == 0 { break }
            let report = CompilerDiagnostics(output: result.output, workDirectory: work)
            let failing = classes.filter { report.hasErrors(in: GlueSource.fileName($0)) }
            let broken = exercises.filter { report.hasErrors(in: $0.fileName) }
            if !broken.isEmpty || failing.isEmpty {
                if exercises.count > 1 { return nil }
                guard let exercise = exercises.first else { return [:] }
                let diagnostics = report.studentDiagnostics(file: exercise.fileName, fallback: result.output)
                return [
                    exercise: PluginBuild(
                        status: .compileError, pluginPath: nil, classes: [], classProblems: problems,
                        diagnostics: diagnostics, compileSeconds: 0, cached: false)
                ]
            }
            if let innocent = failing.first(where: { !report.blamesStudent($0) }) {
                throw ToolchainError.glueFailed(className: innocent.className, diagnostics: result.output)
            }
            for gradedClass in failing { problems[gradedClass.rawValue] = report.signatureProblem(gradedClass) }
            classes.removeAll { failing.contains($0) }
        }

        let pluginPath = directory + "/" + key + ".so"
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            if classes.isEmpty {
                // Nothing to load; an empty marker keeps the record's promise that the path exists.
                FileManager.default.createFile(atPath: output, contents: Data())
            }
            // World-readable: the worker runs as an unprivileged user.
            chmod(output, 0o644)
            if rename(output, pluginPath) != 0 {
                throw GraderError.cannotWrite(path: pluginPath, reason: String(cString: strerror(errno)))
            }
        } catch let error as GraderError {
            throw error
        } catch {
            throw GraderError.cannotWrite(path: pluginPath, reason: error.localizedDescription)
        }
        var builds: [ExerciseID: PluginBuild] = [:]
        for exercise in exercises {
            builds[exercise] = PluginBuild(
                status: .built, pluginPath: pluginPath, classes: exercise.gradedClasses.filter(classes.contains),
                classProblems: problems.filter { name, _ in exercise.gradedClasses.contains { $0.rawValue == name } },
                diagnostics: nil, compileSeconds: 0, cached: false)
        }
        return builds
    }

    func runCompiler(work: String, exercises: [ExerciseID], classes: [GradedClass], output: String) throws
        -> Subprocess.Result
    {
        let files =
            exercises.map(\.fileName) + [GlueSource.commonFileName]
            + classes.map(GlueSource.fileName)
        let arguments =
            PluginCompiler.flags + [
                "-emit-library", "-module-name", "Submission",
                "-I", kit.directory, "-L", kit.directory, "-lExerciseKit", "-l" + GlueSource.supportModule,
                "-Xlinker", "-rpath=" + kit.directory,
                "-o", output,
            ] + files.map { work + "/" + $0 }
        return try Subprocess.run(toolchain.swiftc, arguments)
    }
}
