import Foundation

/// ExerciseKit built for plugins: an optimised shared library and its module, made once per source
/// version and toolchain, in the cache, with the plugin support module (the wire format and the
/// tensor conversions every plugin's glue calls).
///
/// Student code is compiled without optimisation (fast to compile), but every Tensor operation it
/// calls runs here, at full speed. The build is keyed by the SHA-256 of the kit's sources, the
/// toolchain's version and the flags, so a changed kit or compiler never serves a stale library.
public struct KitBuild: Sendable, Equatable {
    /// The directory holding `libExerciseKit.so` and `ExerciseKit.swiftmodule`.
    public var directory: String
    /// The key of this build (hex SHA-256).
    public var key: String

    /// The shared library.
    public var libraryPath: String { directory + "/libExerciseKit.so" }

    /// The plugin support library (the wire format and the tensor conversions).
    public var supportLibraryPath: String { directory + "/lib" + GlueSource.supportModule + ".so" }

    static let flags = ["-O", "-wmo", "-parse-as-library"]

    /// Returns the kit for this toolchain and these sources, building it if the cache lacks it.
    ///
    /// Safe to call from parallel graders: the build runs under a file lock and lands by rename.
    ///
    /// - Throws: ``ToolchainError`` when the sources are missing or do not compile.
    public static func ensure(toolchain: Toolchain, home: GraderHome) throws -> KitBuild {
        let sources = try home.exerciseKitSources()
        let wire = try home.pluginWireSource()
        var digest = SHA256()
        digest.update(field: "kit-v2")
        digest.update(field: wire)
        digest.update(field: GlueSource.support)
        digest.update(field: toolchain.version)
        digest.update(field: flags.joined(separator: " "))
        for source in sources {
            guard let bytes = FileManager.default.contents(atPath: source) else {
                throw ToolchainError.sourcesNotFound(path: source)
            }
            digest.update(field: (source as NSString).lastPathComponent)
            digest.update(bytes)
        }
        let key = digest.hexDigest()
        let directory = home.cacheDirectory + "/kits/" + String(key.prefix(24))
        let kit = KitBuild(directory: directory, key: key)
        if FileManager.default.fileExists(atPath: kit.libraryPath) { return kit }
        return try FileLock.withLock(home.cacheDirectory + "/kits/.lock") {
            if FileManager.default.fileExists(atPath: kit.libraryPath) { return kit }
            let staging = directory + ".staging-\(getpid())"
            try? FileManager.default.removeItem(atPath: staging)
            do {
                try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
            } catch {
                throw GraderError.cannotWrite(path: staging, reason: error.localizedDescription)
            }
            let arguments =
                flags + [
                    "-emit-library", "-emit-module", "-module-name", "ExerciseKit",
                    "-emit-module-path", staging + "/ExerciseKit.swiftmodule",
                    "-Xlinker", "-soname=libExerciseKit.so",
                    "-o", staging + "/libExerciseKit.so",
                ] + sources
            let result = try Subprocess.run(toolchain.swiftc, arguments)
            guard result.status == 0 else {
                try? FileManager.default.removeItem(atPath: staging)
                throw ToolchainError.kitBuildFailed(diagnostics: result.output)
            }
            // The plugin support module: the wire format and conversions, once here, not in every plugin.
            let module = GlueSource.supportModule
            do {
                try wire.write(toFile: staging + "/BPGWire.swift", atomically: false, encoding: .utf8)
                try GlueSource.support.write(toFile: staging + "/BPGSupport.swift", atomically: false, encoding: .utf8)
            } catch {
                throw GraderError.cannotWrite(path: staging, reason: error.localizedDescription)
            }
            let support = try Subprocess.run(
                toolchain.swiftc,
                flags + [
                    "-emit-library", "-emit-module", "-module-name", module,
                    "-emit-module-path", staging + "/\(module).swiftmodule",
                    "-I", staging, "-L", staging, "-lExerciseKit",
                    "-Xlinker", "-soname=lib\(module).so", "-Xlinker", "-rpath=$ORIGIN",
                    "-o", staging + "/lib\(module).so", staging + "/BPGWire.swift", staging + "/BPGSupport.swift",
                ])
            guard support.status == 0 else {
                try? FileManager.default.removeItem(atPath: staging)
                throw ToolchainError.kitBuildFailed(diagnostics: support.output)
            }
            // World-readable: the worker runs as an unprivileged user.
            try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: staging)
            if rename(staging, directory) != 0 {
                try? FileManager.default.removeItem(atPath: staging)
                guard FileManager.default.fileExists(atPath: kit.libraryPath) else {
                    throw GraderError.cannotWrite(path: directory, reason: String(cString: strerror(errno)))
                }
            }
            return kit
        }
    }
}
