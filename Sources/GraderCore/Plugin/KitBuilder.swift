import Foundation

/// ExerciseKit built for plugins: an optimised shared library and its module, made once per source
/// version and toolchain, in the cache, with the plugin support module (the wire format and the
/// tensor conversions every plugin's glue calls).
///
/// Student code is compiled without optimisation (fast to compile), but every Tensor operation it
/// calls runs here, at full speed. The build is keyed by the SHA-256 of the kit's sources, the
/// toolchain's version and the flags (the kit's, and the plugins' its module cache is warmed with),
/// so a changed kit, compiler or flag never serves a stale library or module.
public struct KitBuild: Sendable, Equatable {
    /// The directory holding `libExerciseKit.so` and `ExerciseKit.swiftmodule`.
    public var directory: String
    /// The key of this build (hex SHA-256).
    public var key: String

    /// The shared library.
    public var libraryPath: String { directory + "/libExerciseKit.so" }

    /// The warm clang module cache of plugin compiles against this kit: filled when the kit is built
    /// (a compile that imports what a submission may import), then only read, through a private
    /// overlay, by the sandboxed compiles of students' files.
    public var moduleCacheDirectory: String { directory + "-module-cache" }

    /// The plugin support library (the wire format and the tensor conversions).
    public var supportLibraryPath: String { directory + "/lib" + GlueSource.supportModule + ".so" }

    static let flags = ["-O", "-wmo", "-parse-as-library", "-Xcc", "-fno-omit-frame-pointer"]

    /// Returns the kit for this toolchain and these sources, building it (and warming its module
    /// cache) if the cache lacks it.
    ///
    /// Safe to call from parallel graders, on one machine or on several nodes sharing the cache folder
    /// (`GRADER_CACHE_DIR` on NFS): the build runs under a file lock, in a staging folder whose name
    /// is unique across hosts, and lands by a rename that never replaces a kit already there; a
    /// reader only ever sees a finished kit (the warm module cache's marker is written last). The
    /// lock only saves work: where the file system's locks do not reach across nodes, two nodes may
    /// build at once, and the first kit to land is kept (the module cache's own lock files and
    /// renames make concurrent warm-ups safe, as for parallel builds on one machine).
    ///
    /// - Throws: ``ToolchainError`` when the sources are missing or do not compile.
    public static func ensure(toolchain: Toolchain, home: GraderHome) throws -> KitBuild {
        let sources = try home.exerciseKitSources()
        // The key is a digest of the sources' bytes; the files' stamps find it again without reading
        // them (every grader start asks), as the toolchain's and the binaries' stamps do.
        let memo = stampMemo(sources: sources, toolchain: toolchain, home: home)
        if let memo, let key = try? String(contentsOfFile: memo, encoding: .utf8), key.utf8.count == 64 {
            let kit = KitBuild.named(key, in: home)
            if kit.isComplete { return kit }
        }
        let kit = try ensure(sources: sources, toolchain: toolchain, home: home)
        if let memo {
            try? FileManager.default.createDirectory(
                atPath: (memo as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try? AtomicFile.write(kit.key, to: memo)
        }
        return kit
    }

    /// Where the key of the kit built from `sources` as they are now is remembered: a file named by
    /// a digest of their paths and stamps (and of everything else the key covers), or `nil` when a
    /// file cannot be stamped.
    static func stampMemo(sources: [String], toolchain: Toolchain, home: GraderHome) -> String? {
        var digest = SHA256()
        digest.update(field: "kit-stamps-v2")
        updateSettings(&digest, toolchain: toolchain)
        for path in sources + [home.pluginWirePath] {
            guard let stamp = FileStamp.of(path) else { return nil }
            digest.update(field: path + " " + stamp)
        }
        return home.cacheDirectory + "/kits/.keys/" + digest.hexDigest()
    }

    /// Adds what a kit's key covers besides the sources: the plugin support module's source, the
    /// toolchain, and the flags of the kit and of the plugins.
    private static func updateSettings(_ digest: inout SHA256, toolchain: Toolchain) {
        digest.update(field: GlueSource.support)
        digest.update(field: toolchain.version)
        digest.update(field: flags.joined(separator: " "))
        // The module cache is warmed with the plugins' flags, and clang's modules are kept per flags:
        // other flags need another warm-up.
        digest.update(field: (PluginCompiler.flags + PluginCompiler.frontendFlags).joined(separator: " "))
    }

    /// The kit of `key` in the cache of `home`.
    private static func named(_ key: String, in home: GraderHome) -> KitBuild {
        KitBuild(directory: home.cacheDirectory + "/kits/" + String(key.prefix(24)), key: key)
    }

    /// ``ensure(toolchain:home:)`` from the sources' bytes.
    private static func ensure(sources: [String], toolchain: Toolchain, home: GraderHome) throws -> KitBuild {
        let wire = try home.pluginWireSource()
        var digest = SHA256()
        digest.update(field: "kit-v3")
        digest.update(field: wire)
        updateSettings(&digest, toolchain: toolchain)
        for source in sources {
            guard let bytes = FileManager.default.contents(atPath: source) else {
                throw ToolchainError.sourcesNotFound(path: source)
            }
            digest.update(field: (source as NSString).lastPathComponent)
            digest.update(bytes)
        }
        let kit = KitBuild.named(digest.hexDigest(), in: home)
        if kit.isComplete { return kit }
        return try FileLock.withLock(home.cacheDirectory + "/kits/.lock") {
            if kit.isComplete { return kit }
            if !FileManager.default.fileExists(atPath: kit.libraryPath) {
                try build(kit, sources: sources, wire: wire, toolchain: toolchain)
            }
            try warmModuleCache(kit, toolchain: toolchain)
            return kit
        }
    }

    /// Whether the kit and its warm module cache are all there.
    var isComplete: Bool {
        FileManager.default.fileExists(atPath: libraryPath)
            && FileManager.default.fileExists(atPath: moduleCacheDirectory + "/.warm")
    }

    /// Builds the kit's libraries in a staging folder and renames it into place. The staging folder's
    /// name is unique across machines that share the cache (host, pid and a random part).
    private static func build(_ kit: KitBuild, sources: [String], wire: String, toolchain: Toolchain) throws {
        let staging = kit.directory + ".staging-\(ProcessInfo.processInfo.hostName)-\(getpid())-\(UUID().uuidString)"
        defer { try? TreeRemoval.remove(staging) }
        let module = GlueSource.supportModule
        do {
            try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
            try wire.write(toFile: staging + "/BPGWire.swift", atomically: false, encoding: .utf8)
            try GlueSource.support.write(toFile: staging + "/BPGSupport.swift", atomically: false, encoding: .utf8)
        } catch {
            throw GraderError.cannotWrite(path: staging, reason: error.localizedDescription)
        }
        let kitResult = try Subprocess.run(
            toolchain.swiftc,
            flags + [
                "-emit-library", "-emit-module", "-module-name", "ExerciseKit",
                "-emit-module-path", staging + "/ExerciseKit.swiftmodule", "-Xlinker", "-soname=libExerciseKit.so",
                "-o", staging + "/libExerciseKit.so",
            ] + sources)
        guard kitResult.status == 0 else { throw ToolchainError.kitBuildFailed(diagnostics: kitResult.output) }
        // The plugin support module: the wire format and conversions, once here, not in every plugin.
        let support = try Subprocess.run(
            toolchain.swiftc,
            flags + [
                "-emit-library", "-emit-module", "-module-name", module,
                "-emit-module-path", staging + "/\(module).swiftmodule",
                "-I", staging, "-L", staging, "-lExerciseKit",
                "-Xlinker", "-soname=lib\(module).so", "-Xlinker", "-rpath=$ORIGIN",
                "-o", staging + "/lib\(module).so", staging + "/BPGWire.swift", staging + "/BPGSupport.swift",
            ])
        guard support.status == 0 else { throw ToolchainError.kitBuildFailed(diagnostics: support.output) }
        // World-readable: the compiler and the workers run as unprivileged ids of their own.
        try makeReadableByAll(staging)
        // Lands only if no kit is there: a rename onto a folder that has files fails (ENOTEMPTY or
        // EEXIST), so a kit that another node built at the same time (when the file system's locks
        // do not reach across nodes) is kept, and so is every library a worker may have loaded.
        if rename(staging, kit.directory) != 0 {
            let error = errno
            guard error == ENOTEMPTY || error == EEXIST || FileManager.default.fileExists(atPath: kit.libraryPath)
            else { throw GraderError.cannotWrite(path: kit.directory, reason: CError.reason(error)) }
        }
    }

    /// Fills the kit's module cache: one compile, with the plugins' flags, of a file that imports
    /// what a submission may (ExerciseKit, Foundation, Glibc, Dispatch). Trusted code, so it runs
    /// outside the compile sandbox, writing the cache the sandboxed compiles then only read.
    private static func warmModuleCache(_ kit: KitBuild, toolchain: Toolchain) throws {
        let folder = kit.moduleCacheDirectory
        let work = folder + "/.warm-up-\(getpid())-\(UUID().uuidString)"
        defer { try? TreeRemoval.remove(work) }
        do {
            try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
            try "import ExerciseKit\nimport Foundation\nimport Glibc\nimport Dispatch\npublic func __bpgWarm() {}\n"
                .write(toFile: work + "/Warm.swift", atomically: false, encoding: .utf8)
        } catch {
            throw GraderError.cannotWrite(path: work, reason: error.localizedDescription)
        }
        let compiler = PluginCompiler(
            toolchain: toolchain, kit: kit, home: GraderHome(root: "", cacheDirectory: ""), limits: CompileLimits(),
            useNamespaces: false)
        let arguments = compiler.arguments(files: ["Warm.swift"], output: "warm.so", workDirectory: work)
        let result = try Subprocess.run(toolchain.swiftc, Array(arguments.dropFirst()))
        guard result.status == 0 else { throw ToolchainError.kitBuildFailed(diagnostics: result.output) }
        try makeReadableByAll(folder)
        guard FileManager.default.createFile(atPath: folder + "/.warm", contents: Data()) else {
            throw GraderError.cannotWrite(path: folder + "/.warm", reason: "cannot create the marker")
        }
    }

    /// `chmod -R a+rX`: readable, and folders searchable, by every id.
    static func makeReadableByAll(_ path: String) throws {
        guard let walker = FileManager.default.enumerator(atPath: path) else { return }
        _ = chmod(path, 0o755)
        while let relative = walker.nextObject() as? String {
            let full = path + "/" + relative
            var info = stat()
            guard lstat(full, &info) == 0, info.st_mode & S_IFMT != S_IFLNK else { continue }
            let directory = info.st_mode & S_IFMT == S_IFDIR
            let executable = info.st_mode & 0o100 != 0
            _ = chmod(full, info.st_mode & 0o7777 | (directory || executable ? 0o555 : 0o444))
        }
    }
}
