extension SandboxPolicy {
    /// The policy of the compiler: the toolchain's `swiftc` on a student's files.
    ///
    /// - Parameters:
    ///   - toolchain: the toolchain.
    ///   - kit: the ExerciseKit build it compiles against.
    ///   - moduleCache: the warm clang module cache, seen through a private overlay where the kernel
    ///     allows one (writes stay in the compile's own tmpfs), read-only where it does not.
    ///   - workDirectory: the host folder holding the sources, where the plugin is written (seen at
    ///     ``compilerWorkDirectory`` inside a minimal root: a fixed path, so that diagnostics read
    ///     `/submission/Activations.swift:3:5` and identical inputs give identical plugins).
    ///   - minimalRoot: whether to build a minimal root on `rootDirectory`.
    ///   - rootDirectory: the host folder the minimal root is built on.
    ///   - limits: the compile's limits (its /tmp's size).
    ///   - filesystem: what the host's files look like.
    public static func compiler(
        toolchain: Toolchain, kit: KitBuild, moduleCache: String, workDirectory: String, minimalRoot: Bool,
        rootDirectory: String, limits: CompileLimits, filesystem: FileModes = .host
    ) -> SandboxPolicy {
        let usr = toolchain.usrDirectory
        // Without a minimal root, the compiler's temporary files go to its work folder, and it keeps
        // the grader's id: an own id could not write the shared module cache.
        let temporary = minimalRoot ? "/tmp" : workDirectory + "/tmp"
        let work = minimalRoot ? compilerWorkDirectory : workDirectory
        var mounts: [Mount] = []
        if minimalRoot {
            mounts = [.bind("/usr")] + systemLibraries(filesystem).filter { !$0.target.hasPrefix("/usr/") }
            mounts.append(.bind("/etc/ld.so.cache", optional: true))
            if usr != "/usr" && !usr.hasPrefix("/usr/") { mounts.append(.bind(usr)) }
            mounts += devices + [proc]
            mounts.append(.tmpfs("/tmp", options: "size=\(limits.temporaryBytes),nr_inodes=65536,mode=0777"))
            let overlay = "/tmp/.bpg-module-cache"
            mounts.append(directory(overlay + "/upper"))
            mounts.append(directory(overlay + "/work"))
            mounts.append(
                Mount(
                    kind: .overlay, source: moduleCache, target: moduleCache,
                    options: "lowerdir=\(moduleCache),upperdir=\(rootDirectory)\(overlay)/upper,"
                        + "workdir=\(rootDirectory)\(overlay)/work",
                    writable: true, device: false, optional: false, owned: false))
            mounts.append(.bind(kit.directory))
            mounts.append(.bind(workDirectory, at: work, writable: true, owned: true))
        }
        return SandboxPolicy(
            mounts: deduplicated(mounts),
            readPaths: systemLibraryPaths + ["/usr", "/etc", usr, kit.directory, "/dev/urandom", "/dev/zero", "/proc"],
            executePaths: [], writePaths: [work, temporary, moduleCache, "/dev/null"], seccomp: .tool,
            ownIDs: minimalRoot, workDirectory: work, hostWorkDirectory: workDirectory,
            // No crash reporter in the compiler: out of memory, it would hang backtracing instead of
            // ending with "out of memory".
            environment: [
                "PATH=\(usr)/bin:/usr/bin:/bin", "HOME=\(temporary)", "TMPDIR=\(temporary)", "LANG=C.UTF-8",
                "SWIFT_BACKTRACE=enable=no",
            ])
    }

    // MARK: - The pieces
}
