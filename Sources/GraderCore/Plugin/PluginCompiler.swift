import Foundation

/// Compiles a submission file with the grader's glue into a plugin, through a content-addressed cache.
///
/// The cache key is the SHA-256 of everything that goes into a plugin: the student's bytes, the
/// exercise, the glue and wire sources, ExerciseKit's build key, the toolchain version and the flags.
/// Identical submissions compile once; a changed kit or toolchain changes every key. Entries land by
/// rename, so parallel graders never see half a plugin; a plugin is never overwritten or unloaded.
public struct PluginCompiler: Sendable {
    /// The toolchain.
    public var toolchain: Toolchain
    /// The kit plugins link against.
    public var kit: KitBuild
    /// Where the grader's files and cache are.
    public var home: GraderHome

    static let flags = ["-Onone", "-gline-tables-only", "-parse-as-library", "-diagnostic-style=llvm", "-swift-version", "5"]

    /// Creates a compiler; builds the kit if the cache lacks it.
    ///
    /// - Throws: ``ToolchainError`` when there is no compiler or ExerciseKit does not build.
    public init(toolchain: Toolchain, home: GraderHome) throws {
        self.toolchain = toolchain
        self.home = home
        self.kit = try KitBuild.ensure(toolchain: toolchain, home: home)
    }

    /// Compiles `source`, the content of a submission for `exercise`.
    ///
    /// Errors in the student's own file give a ``PluginBuild/Status/compileError`` with the
    /// compiler's diagnostics. Errors that show only in one class's glue mean that class is missing or
    /// declared with another signature: that class is left out (with a message in
    /// ``PluginBuild/classProblems``) and the rest is compiled again, so the other classes are still graded.
    ///
    /// - Parameters:
    ///   - source: the submission's bytes.
    ///   - exercise: the exercise it is for.
    /// - Returns: the build.
    /// - Throws: ``ToolchainError`` or ``GraderError`` when the grader itself cannot compile (no
    ///   compiler, unwritable cache); never for a student's mistake.
    public func compile(source: Data, exercise: ExerciseID) throws -> PluginBuild {
        let wire = try home.pluginWireSource()
        var digest = SHA256()
        digest.update(field: "plugin-v1")
        digest.update(field: toolchain.version)
        digest.update(field: kit.key)
        digest.update(field: PluginCompiler.flags.joined(separator: " "))
        digest.update(field: exercise.rawValue)
        digest.update(field: wire)
        digest.update(field: GlueSource.common)
        for gradedClass in exercise.gradedClasses { digest.update(field: GlueSource.entryPoint(gradedClass)) }
        digest.update(source)
        let key = digest.hexDigest()
        let directory = home.cacheDirectory + "/plugins/" + String(key.prefix(2))
        let recordPath = directory + "/" + key + ".json"
        if let data = FileManager.default.contents(atPath: recordPath),
            var record = try? JSONDecoder().decode(PluginBuild.self, from: data),
            record.status == .compileError || record.pluginPath.map(FileManager.default.fileExists(atPath:)) == true
        {
            record.cached = true
            record.compileSeconds = 0
            return record
        }

        let started = Date()
        let work = home.cacheDirectory + "/work/" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: work) }
        do {
            try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
            try source.write(to: URL(fileURLWithPath: work + "/" + exercise.fileName))
            try wire.write(toFile: work + "/" + GlueSource.wireFileName, atomically: false, encoding: .utf8)
            try GlueSource.common.write(toFile: work + "/" + GlueSource.commonFileName, atomically: false, encoding: .utf8)
            for gradedClass in exercise.gradedClasses {
                try GlueSource.entryPoint(gradedClass).write(
                    toFile: work + "/" + GlueSource.fileName(gradedClass), atomically: false, encoding: .utf8)
            }
        } catch {
            throw GraderError.cannotWrite(path: work, reason: error.localizedDescription)
        }

        var classes = exercise.gradedClasses
        var problems: [String: String] = [:]
        let output = work + "/plugin.so"
        var build: PluginBuild
        while true {
            let result = try runCompiler(work: work, exercise: exercise, classes: classes, output: output)
            if result.status == 0 {
                build = PluginBuild(
                    status: .built, pluginPath: nil, classes: classes, classProblems: problems, diagnostics: nil,
                    compileSeconds: 0, cached: false)
                break
            }
            let report = CompilerDiagnostics(output: result.output, workDirectory: work, studentFile: exercise.fileName)
            let failing = classes.filter { report.hasErrors(in: GlueSource.fileName($0)) }
            if report.hasErrors(in: exercise.fileName) || failing.isEmpty {
                build = PluginBuild(
                    status: .compileError, pluginPath: nil, classes: [], classProblems: problems,
                    diagnostics: report.studentDiagnostics(fallback: result.output), compileSeconds: 0, cached: false)
                break
            }
            for gradedClass in failing {
                problems[gradedClass.rawValue] = report.signatureProblem(gradedClass)
            }
            classes.removeAll { failing.contains($0) }
        }
        build.compileSeconds = Date().timeIntervalSince(started)
        if build.status == .built {
            let pluginPath = directory + "/" + key + ".so"
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
                if classes.isEmpty {
                    // Nothing to load; an empty marker keeps the record's promise that the path exists.
                    FileManager.default.createFile(atPath: output, contents: Data())
                }
                chmod(output, 0o644)
                if rename(output, pluginPath) != 0 {
                    throw GraderError.cannotWrite(path: pluginPath, reason: String(cString: strerror(errno)))
                }
            } catch let error as GraderError {
                throw error
            } catch {
                throw GraderError.cannotWrite(path: pluginPath, reason: error.localizedDescription)
            }
            build.pluginPath = pluginPath
        }
        if let data = try? JSONEncoder().encode(build) {
            try AtomicFile.write(data, to: recordPath)
        }
        return build
    }

    func runCompiler(work: String, exercise: ExerciseID, classes: [GradedClass], output: String) throws
        -> Subprocess.Result
    {
        let files =
            [exercise.fileName, GlueSource.wireFileName, GlueSource.commonFileName]
            + classes.map(GlueSource.fileName)
        let arguments =
            PluginCompiler.flags + [
                "-emit-library", "-module-name", "Submission",
                "-I", kit.directory, "-L", kit.directory, "-lExerciseKit",
                "-Xlinker", "-rpath=" + kit.directory,
                "-o", output,
            ] + files.map { work + "/" + $0 }
        return try Subprocess.run(toolchain.swiftc, arguments)
    }
}
