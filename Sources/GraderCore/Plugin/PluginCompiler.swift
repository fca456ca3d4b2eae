import Foundation

/// Compiles a student's submission files with the grader's glue into plugins, in the compile
/// sandbox, through a content-addressed cache.
///
/// All of a student's files are compiled at once, into one plugin, with one `swiftc`: compiling is
/// nearly all of a grading's cost, and most of a `swiftc` run is fixed overhead. If that fails
/// because of an error in any student file, each file is compiled on its own, so one broken file
/// costs no other exercise anything.
///
/// The compiler runs like a worker (``SandboxedTool``): its own namespaces and minimal root (the
/// toolchain, the kit, the system's headers and libraries, and the compile's folder, seen at
/// ``insideWorkDirectory``), an unprivileged id, a wall-clock and a memory limit, and nothing left
/// running after it. It runs in two such steps, `swift-frontend` then `ld.lld`, from a
/// ``CompileRecipe`` derived once from the driver's own plan (``CompilePath/direct``). The `swiftc`
/// driver runs instead, in one step, where there is no recipe, where the object's autolink entries
/// are not plain libraries, where the frontend crashed or the linker failed (so that such verdicts
/// read as they always did), and with ``CompileMode/driver`` (`GRADER_COMPILE=driver`).
///
/// A verdict is cached only when it is the student's for certain: a plugin, or errors located in
/// the student's file or on the glue's lines that use the student's declarations. A timeout, a
/// memory limit or a failure that names no file is reported, and compiled again next time.
///
/// The cache key is the SHA-256 of everything that goes into a plugin: the student's bytes, the
/// exercises, the glue, ExerciseKit's build key (which covers the wire format), the toolchain
/// version, the flags and the version of the way plugins are built (`plugin-vN`). A plugin lands by
/// a link that never replaces an existing one (``CacheEntry``), so parallel graders, on one machine
/// or on nodes sharing the cache, never see half a plugin, and a plugin is never overwritten or
/// unloaded under a worker that runs it.
public struct PluginCompiler: PluginBuilding {
    /// The toolchain.
    public var toolchain: Toolchain
    /// The kit plugins link against.
    public var kit: KitBuild
    /// Where the cache is.
    public var home: GraderHome
    /// The compile's limits.
    public var limits: CompileLimits
    /// Whether to ask for namespaces (off only to test the fallback).
    public var useNamespaces: Bool
    /// Whether the frontend and the linker may be run directly (`GRADER_COMPILE=driver` says no).
    public var mode: CompileMode
    /// The recipes of the direct path (one per command line), derived once per cache and read once
    /// per process.
    var recipes: CompileRecipeStore

    /// Where the compiler sees the compile's folder: a fixed path, so that diagnostics read
    /// `/submission/Activations.swift:3:5` and identical inputs give identical plugins.
    static let insideWorkDirectory = "/submission"

    /// The flags of every plugin compile. Student code is not optimised: at `-O` the optimiser
    /// removes a busy loop that has no effect (a timeout becomes a wrong value), turns unbounded
    /// recursion into a loop (a crash becomes a timeout), and traps lose the student's line.
    static let flags = [
        "-Onone", "-wmo", "-gline-tables-only", "-parse-as-library", "-diagnostic-style=llvm", "-swift-version", "5",
    ]

    /// Added for code that runs on one thread only (``SingleThreadedSource``): non-atomic reference
    /// counting, which halves the time of unoptimised loops over `scalars`. The plugin's classes
    /// then run in processes that cannot start a thread (``PluginBuild/singleThreaded``).
    static let singleThreadedFlags = ["-Xfrontend", "-assume-single-threaded"]

    /// The flags of a compile of `sources` (after the driver's name), ``frontendFlags`` included.
    ///
    /// - Parameter atomicCounting: whether to keep atomic reference counting even for files that
    ///   look single-threaded (for a class that tried to start a thread).
    static func flags(for sources: [SubmissionSource], atomicCounting: Bool = false) -> [String] {
        flags + frontendFlags
            + (!atomicCounting && SingleThreadedSource.allSingleThreaded(sources.map(\.bytes))
                ? singleThreadedFlags : [])
    }

    /// What the cache keeps per key: the builds, or `nil` when compiling the files together failed
    /// and each must be compiled on its own.
    struct CacheRecord: Codable {
        var builds: [ExerciseID: PluginBuild]?
    }

    /// Creates a compiler for a kit already built (see ``KitBuild/ensure(toolchain:home:)``).
    ///
    /// - Parameter mode: direct or through the driver (by default ``CompileMode/current(environment:)``).
    public init(
        toolchain: Toolchain, kit: KitBuild, home: GraderHome, limits: CompileLimits, useNamespaces: Bool,
        mode: CompileMode = .current(environment: ProcessInfo.processInfo.environment)
    ) {
        self.toolchain = toolchain
        self.kit = kit
        self.home = home
        self.limits = limits
        self.useNamespaces = useNamespaces
        self.mode = mode
        recipes = CompileRecipeStore(directory: home.cacheDirectory + "/recipes")
    }

    /// The key of the recipe for a compile with `flags`: the toolchain, the kit and the driver's
    /// command line with placeholders.
    func recipeKey(flags: [String]) -> String {
        var digest = SHA256()
        digest.update(field: "recipe-v1")
        digest.update(field: toolchain.version)
        digest.update(field: kit.key)
        digest.update(
            field: PluginCompiler.driverArguments(
                toolchain: toolchain, flags: flags, files: [CompileRecipe.inputs], output: CompileRecipe.output,
                kitDirectory: CompileRecipe.kit
            ).joined(separator: " "))
        return digest.hexDigest()
    }

    /// Compiles a student's files, together when they compile together, else one by one.
    ///
    /// - Parameters:
    ///   - sources: each exercise's submission bytes.
    ///   - atomicCounting: whether to keep atomic reference counting even where the files look
    ///     single-threaded (``flags(for:atomicCounting:)``).
    ///   - isCancelled: polled while the compiler runs.
    /// - Returns: a build per exercise (several may share one plugin).
    /// - Throws: ``ToolchainError``, ``GraderError`` or ``SandboxError`` when the grader itself cannot
    ///   compile (no compiler, unwritable cache, a full disk); never for a student's mistake.
    public func compile(
        _ sources: [SubmissionSource], atomicCounting: Bool, isCancelled: (@Sendable () -> Bool)? = nil
    ) throws -> [ExerciseID: PluginBuild] {
        guard !sources.isEmpty else { return [:] }
        let key = cacheKey(sources, atomicCounting: atomicCounting)
        let directory = home.cacheDirectory + "/plugins/" + String(key.prefix(2))
        let recordPath = directory + "/" + key + ".json"
        if let data = FileManager.default.contents(atPath: recordPath),
            let record = try? JSONDecoder().decode(CacheRecord.self, from: data)
        {
            if let builds = record.builds, builds.values.allSatisfy(isUsable) {
                return builds.mapValues { build in
                    var cached = build
                    cached.cached = true
                    cached.compileSeconds = 0
                    return cached
                }
            }
            if record.builds == nil { return try separately(sources, atomicCounting, isCancelled) }
        }
        let started = Date()
        let attempt = try build(
            sources, key: key, directory: directory, atomicCounting: atomicCounting, isCancelled: isCancelled)
        guard var builds = attempt.builds else {
            // Compiling together failed in a student's file: remember that, then one file at a time.
            try AtomicFile.write(try JSONEncoder().encode(CacheRecord(builds: nil)), to: recordPath)
            return try separately(sources, atomicCounting, isCancelled)
        }
        let seconds = Date().timeIntervalSince(started)
        for exercise in builds.keys { builds[exercise]?.compileSeconds = seconds }
        if attempt.cacheable {
            try AtomicFile.write(try JSONEncoder().encode(CacheRecord(builds: builds)), to: recordPath)
        }
        return builds
    }

    /// The cache key of a set of sources, compiled in this compiler's mode.
    func cacheKey(_ sources: [SubmissionSource], atomicCounting: Bool = false) -> String {
        var digest = SHA256()
        digest.update(field: "plugin-v7")
        // GRADER_COMPILE=driver compiles through the driver, not from a plugin the direct path built.
        digest.update(field: mode.rawValue)
        digest.update(field: toolchain.version)
        digest.update(field: kit.key)
        digest.update(field: PluginCompiler.flags(for: sources, atomicCounting: atomicCounting).joined(separator: " "))
        digest.update(field: GlueSource.common)
        for source in sources {
            digest.update(field: source.exercise.id.rawValue + " " + source.exercise.fileName)
            for gradedClass in source.exercise.classes { digest.update(field: GlueSource.entryPoint(gradedClass)) }
            digest.update(field: String(source.bytes.count))
            digest.update(source.bytes)
        }
        return digest.hexDigest()
    }

    /// Flags of the compiler's frontend: give up on one expression after ten seconds of type
    /// checking (a type-checker bomb then is a compile error at the student's line, not a timeout).
    static let frontendFlags = ["-Xfrontend", "-solver-expression-time-threshold=10"]

    /// Compiles each file on its own.
    func separately(
        _ sources: [SubmissionSource], _ atomicCounting: Bool, _ isCancelled: (@Sendable () -> Bool)?
    ) throws -> [ExerciseID: PluginBuild] {
        var builds: [ExerciseID: PluginBuild] = [:]
        for source in sources {
            let one = try compile([source], atomicCounting: atomicCounting, isCancelled: isCancelled)
            builds[source.exercise.id] = one[source.exercise.id]
        }
        return builds
    }

    func isUsable(_ build: PluginBuild) -> Bool {
        build.status != .built || build.pluginPath.map(FileManager.default.fileExists(atPath:)) == true
    }

    /// The driver's command line of one compile of `files` (names in the compile's folder) into
    /// `output`, with `flags` (``flags(for:)``; by default those of every compile).
    func arguments(
        files: [String], output: String, workDirectory: String,
        flags: [String] = PluginCompiler.flags + PluginCompiler.frontendFlags
    ) -> [String] {
        PluginCompiler.driverArguments(
            toolchain: toolchain, flags: flags, files: files.map { workDirectory + "/" + $0 },
            output: workDirectory + "/" + output, kitDirectory: kit.directory)
    }

    /// The driver's command line of one compile of `files` (full paths) into `output` with `flags`,
    /// against the kit in `kitDirectory` (its module cache beside it, as
    /// ``KitBuild/moduleCacheDirectory``).
    static func driverArguments(
        toolchain: Toolchain, flags: [String], files: [String], output: String, kitDirectory: String
    ) -> [String] {
        [toolchain.swiftc] + flags + [
            "-emit-library", "-module-name", "Submission",
            "-I", kitDirectory, "-L", kitDirectory, "-lExerciseKit", "-l" + GlueSource.supportModule,
            "-Xlinker", "-rpath=" + kitDirectory, "-module-cache-path", kitDirectory + "-module-cache",
            "-o", output,
        ] + files
    }
}
