import Foundation

#if canImport(Glibc)
    import Glibc
#endif

extension PluginCompiler {
    /// One compile's outcome: the builds (or `nil` when several files were compiled together and a
    /// student's file has an error), and whether they may be cached.
    struct Attempt {
        var builds: [ExerciseID: PluginBuild]?
        var cacheable: Bool
    }

    /// One compile of the given files in the sandbox, dropping classes whose glue does not compile.
    func build(
        _ sources: [SubmissionSource], key: String, directory: String, atomicCounting: Bool,
        isCancelled: (@Sendable () -> Bool)?
    ) throws -> Attempt {
        let folder = try SandboxFolder.make(prefix: "bpg-compile", in: home.workDirectory)
        defer { folder.remove() }
        var glueFiles = [GlueSource.commonFileName]
        do {
            try Data(GlueSource.common.utf8).write(
                to: URL(fileURLWithPath: folder.work + "/" + GlueSource.commonFileName))
            for source in sources {
                try Data(source.bytes).write(to: URL(fileURLWithPath: folder.work + "/" + source.exercise.fileName))
                for gradedClass in source.exercise.classes {
                    try Data(GlueSource.entryPoint(gradedClass).utf8).write(
                        to: URL(fileURLWithPath: folder.work + "/" + GlueSource.fileName(gradedClass)))
                    glueFiles.append(GlueSource.fileName(gradedClass))
                }
            }
            try FileManager.default.createDirectory(atPath: folder.work + "/tmp", withIntermediateDirectories: true)
        } catch {
            throw GraderError.cannotWrite(path: folder.work, reason: error.localizedDescription)
        }
        var classes = sources.flatMap(\.exercise.classes)
        var problems: [String: String] = [:]
        let cacheable = true
        let flags = PluginCompiler.flags(for: sources, atomicCounting: atomicCounting)
        let recipe = try self.recipe(flags: flags)
        var path = CompilePath.direct
        while true {
            let files =
                sources.map(\.exercise.fileName) + [GlueSource.commonFileName] + classes.map(GlueSource.fileName)
            let run = try self.run(files: files, folder: folder, flags: flags, recipe: recipe, isCancelled: isCancelled)
            let result = run.result
            path = run.path
            if result.timedOut {
                return uniform(
                    sources, .compileTimedOut,
                    "the compiler was still working on this file after \(Comparison.describe(limits.wallSeconds)) s "
                        + "(the time limit for compiling)", path: path)
            }
            if result.exitCode == 0 { break }
            let report = CompilerDiagnostics(output: result.output, workDirectory: result.policy.workDirectory)
            let broken = sources.filter { report.hasErrors(in: $0.exercise.fileName) }
            let failing = classes.filter { report.hasErrors(in: GlueSource.fileName($0)) }
            if !broken.isEmpty && sources.count > 1 { return Attempt(builds: nil, cacheable: true) }
            if let source = sources.first, !broken.isEmpty {
                return Attempt(
                    builds: [
                        source.exercise.id: PluginBuild(
                            status: .compileError, classProblems: problems,
                            diagnostics: report.studentDiagnostics(
                                file: source.exercise.fileName, fallback: result.output), compilePath: path)
                    ], cacheable: cacheable)
            }
            let blamed = failing.filter(report.blamesStudentDeclarations)
            if blamed.isEmpty {
                // Nothing in the student's file or in the lines that use its declarations: the
                // compiler ran out of memory, the file clashes with the glue, or the compiler failed
                // without saying where.
                if PluginCompiler.isAllocationFailure(result.output) {
                    return uniform(
                        sources, .compileMemoryLimit,
                        "the compiler ran out of memory on this file (the limit is \(limits.memoryBytes >> 20) MB)",
                        path: path)
                }
                try checkDisk(folder.path)
                let located = report.glueClash(glueFiles)
                let message =
                    located
                    ?? (result.signal != 0
                        ? "the compiler crashed on this file (signal \(result.signal))"
                        : "the file does not compile with the grader's glue")
                return uniform(
                    sources, .compileError, message, diagnostics: located ?? result.output, cacheable: located != nil,
                    path: path)
            }
            for gradedClass in blamed { problems[gradedClass.name] = report.signatureProblem(gradedClass) }
            classes.removeAll { blamed.contains($0) }
        }
        let pluginPath = directory + "/" + key + ".so"
        try install(folder.work + "/plugin.so", at: pluginPath, empty: classes.isEmpty)
        var builds: [ExerciseID: PluginBuild] = [:]
        for source in sources {
            let names = Set(source.exercise.classes.map(\.name))
            builds[source.exercise.id] = PluginBuild(
                status: .built, pluginPath: pluginPath,
                classes: source.exercise.classes.filter(classes.contains).map(\.name),
                classProblems: problems.filter { names.contains($0.key) }, compilePath: path,
                singleThreaded: flags.contains(PluginCompiler.singleThreadedFlags[1]),
                linksFoundation: SourceImports.anyImportsFoundation(sources.map(\.bytes)))
        }
        return Attempt(builds: builds, cacheable: cacheable)
    }

    /// The same verdict for every exercise of the compile.
    private func uniform(
        _ sources: [SubmissionSource], _ status: PluginBuild.Status, _ message: String, diagnostics: String? = nil,
        cacheable: Bool = false, path: CompilePath
    ) -> Attempt {
        var builds: [ExerciseID: PluginBuild] = [:]
        for source in sources {
            builds[source.exercise.id] = PluginBuild(
                status: status, diagnostics: CompilerDiagnostics.cap(diagnostics ?? message, limit: 16 * 1024),
                compilePath: path)
        }
        return Attempt(builds: builds, cacheable: cacheable)
    }

    /// Moves the plugin into the cache, world-readable (a worker runs as an id of its own).
    private func install(_ built: String, at path: String, empty: Bool) throws {
        do {
            try FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            // Nothing to load: an empty marker keeps the record's promise that the path exists.
            if empty && !FileManager.default.createFile(atPath: built, contents: Data()) {
                throw GraderError.cannotWrite(path: built, reason: "cannot create an empty plugin")
            }
            guard chmod(built, 0o644) == 0 else { throw CError.current("making \(built) readable") }
            // Never over an existing plugin: one another grader (on this node or another sharing the
            // cache) built from the same key may be loaded by its workers right now.
            _ = try CacheEntry.land(built, at: path)
        } catch let error as GraderError {
            throw error
        } catch {
            throw GraderError.cannotWrite(path: path, reason: "\(error)")
        }
    }

    /// A failure that names no file may be the machine's: a full disk is the grader's problem, never
    /// a student's verdict.
    ///
    /// - Throws: ``GraderError/environment(_:)`` when the disk holding the compile is (nearly) full.
    func checkDisk(_ path: String) throws {
        var info = statvfs()
        guard statvfs(path, &info) == 0 else { return }
        let freeBytes = UInt64(info.f_bavail) * UInt64(info.f_frsize)
        if freeBytes < 64 << 20 || (info.f_files > 0 && info.f_favail < 1000) {
            throw GraderError.environment(
                "the disk holding \(path) is full (\(freeBytes >> 20) MB free): compiles fail there; free some "
                    + "space and grade again (nothing was recorded for this student)")
        }
    }

    /// Whether the compiler's output says it ran out of memory.
    static func isAllocationFailure(_ output: String) -> Bool {
        let lowered = output.lowercased()
        return ["out of memory", "std::bad_alloc", "cannot allocate memory", "failed to allocate"].contains {
            lowered.contains($0)
        }
    }
}

extension PluginCompiler {
    /// Compiles each exercise's reference with the glue, as a student's file: a self-check that the
    /// glue compiles with this toolchain, so that a glue error on a student's file is the student's.
    /// Cached like any plugin, so it costs a compile once per kit.
    ///
    /// - Parameters:
    ///   - exercises: the exercises (their `reference` paths).
    ///   - base: the folder the paths are relative to.
    /// - Throws: ``ToolchainError/glueFailed(className:diagnostics:)`` when a reference does not
    ///   compile with the glue; ``ToolchainError/sourcesNotFound(path:)`` when one is missing.
    func selfCheck(_ exercises: [ExerciseConfiguration], base: String) throws {
        for exercise in exercises {
            let path = exercise.reference.hasPrefix("/") ? exercise.reference : base + "/" + exercise.reference
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ToolchainError.sourcesNotFound(path: path)
            }
            let build = try compile([SubmissionSource(exercise: exercise.exercise, bytes: Array(data))])[exercise.id]
            guard let build, build.status == .built, build.classProblems.isEmpty else {
                let names = exercise.exercise.classes.map(\.name).joined(separator: ", ")
                let problems = build?.classProblems.values.joined(separator: "; ") ?? ""
                throw ToolchainError.glueFailed(
                    className: names, diagnostics: [problems, build?.diagnostics ?? ""].joined(separator: "\n"))
            }
        }
    }
}
