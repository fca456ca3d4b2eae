import Foundation

/// The Swift toolchain that compiles plugins: the same one whose runtime the grader itself runs on.
///
/// A plugin must be built by the toolchain whose runtime libraries the worker has loaded, or two
/// runtimes would meet in one process. So the compiler is looked for first next to the runtime this
/// process mapped (`<usr>/lib/swift/linux/libswiftCore.so` → `<usr>/bin/swiftc`), or, in a release
/// grader that has the runtime linked in, next to the runtime the `grader-worker` beside it links
/// (its ELF run path); then in `SWIFTC`, then on `PATH`.
public struct Toolchain: Sendable, Equatable {
    /// The compiler.
    public var swiftc: String
    /// The directory of the Swift runtime libraries (`libswiftCore.so`, Foundation...).
    public var runtimeLibraryDirectory: String
    /// The crash reporter the Swift runtime starts when a program crashes, when present.
    public var backtracer: String?
    /// What identifies this toolchain's build: the path, size and modification time of its compiler
    /// and of its runtime library. Part of every cache key, so an updated toolchain never serves a
    /// stale plugin; read with `stat`, because `swiftc --version` costs a tenth of a second. Not the
    /// inode: a container image (an autograder's, built once by `setup.sh`) keeps sizes and times on
    /// every machine it runs on, but not inode numbers, and the kit built into it must stay valid.
    public var version: String

    /// The toolchain's `usr` folder (`<usr>/bin/swiftc`, `<usr>/lib/swift/linux`).
    public var usrDirectory: String {
        URL(fileURLWithPath: runtimeLibraryDirectory).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
    }

    /// Finds the toolchain.
    ///
    /// - Parameters:
    ///   - environment: the process environment (`SWIFTC`, `PATH`).
    ///   - executable: the running `grader`, beside which its `grader-worker` lies, when known.
    /// - Returns: the toolchain.
    /// - Throws: ``ToolchainError/compilerNotFound(searched:)`` when no compiler runs.
    public static func locate(
        environment: [String: String] = ProcessInfo.processInfo.environment, executable: String? = nil
    ) throws -> Toolchain {
        var candidates: [String] = []
        if let runtime = loadedRuntimeDirectory() ?? executable.flatMap(workerRuntimeDirectory(besides:)) {
            candidates.append(
                URL(fileURLWithPath: runtime).deletingLastPathComponent().deletingLastPathComponent()
                    .deletingLastPathComponent().appendingPathComponent("bin/swiftc").path)
        }
        if let explicit = environment["SWIFTC"], !explicit.isEmpty { candidates.insert(explicit, at: 0) }
        for directory in (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            candidates.append("\(directory)/swiftc")
        }
        for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate) {
            let resolved = URL(fileURLWithPath: candidate).resolvingSymlinksInPath()
            let usr = resolved.deletingLastPathComponent().deletingLastPathComponent()
            let runtime = usr.appendingPathComponent("lib/swift/linux").path
            guard FileManager.default.fileExists(atPath: runtime + "/libswiftCore.so") else { continue }
            guard let identity = identity(usr: usr.path, runtime: runtime) else { continue }
            let backtracer = usr.appendingPathComponent("libexec/swift/linux/swift-backtrace").path
            return Toolchain(
                swiftc: candidate, runtimeLibraryDirectory: runtime,
                backtracer: FileManager.default.isExecutableFile(atPath: backtracer) ? backtracer : nil,
                version: identity)
        }
        throw ToolchainError.compilerNotFound(searched: Array(candidates.prefix(4)))
    }

    /// The identity of the toolchain at `usr`, or `nil` when its compiler or runtime is missing.
    static func identity(usr: String, runtime: String) -> String? {
        var parts: [String] = []
        for path in [usr + "/bin/swift-frontend", runtime + "/libswiftCore.so"] {
            guard let stamp = FileStamp.of(path) else { return nil }
            parts.append("\(path) \(stamp)")
        }
        return parts.joined(separator: "; ")
    }

    /// The runtime folder in the run path of the `grader-worker` beside `executable`: the toolchain
    /// that built a grader with the runtime linked in. `nil` without a worker there or such a folder.
    static func workerRuntimeDirectory(besides executable: String) -> String? {
        let worker = WorkerLauncher.workerProgram(besides: executable)
        guard worker != executable else { return nil }
        return ELFObject.runPath(ofProgramAt: worker).first {
            !$0.hasPrefix("$") && FileManager.default.fileExists(atPath: $0 + "/libswiftCore.so")
        }
    }

    /// The directory of the `libswiftCore.so` this process has mapped, from `/proc/self/maps`.
    static func loadedRuntimeDirectory() -> String? {
        // /proc files report a size of 0: read to the end rather than by size.
        guard let handle = FileHandle(forReadingAtPath: "/proc/self/maps"),
            let data = try? handle.readToEnd()
        else { return nil }
        let maps = String(decoding: data, as: UTF8.self)
        for line in maps.split(separator: "\n") where line.hasSuffix("/libswiftCore.so") {
            guard let slash = line.firstIndex(of: "/") else { continue }
            return URL(fileURLWithPath: String(line[slash...])).deletingLastPathComponent().path
        }
        return nil
    }
}
