#if canImport(Glibc)
    import Glibc
#endif

/// What a sandboxed process sees and may do: a pure decision, carried out by ``SandboxedProcess``.
///
/// With a mount namespace the process gets a minimal root: a read-only tree that holds bind mounts
/// of the system libraries, the toolchain and its inputs, a /proc of its own PID namespace, and one
/// writable, size-capped tmpfs; nothing else of the host (no /tmp, /run, /home, no socket of the
/// host). Without one (`minimalRoot: false`), the host's tree stays and Landlock alone limits
/// what it can open. Either way Landlock and seccomp apply, and paths are the host's, so that the
/// same policy reads the same in both modes, apart from the process's writable folder.
public struct SandboxPolicy: Sendable, Equatable {
    /// One step of building the minimal root (see the C boundary's `bpg_mount`).
    public struct Mount: Sendable, Equatable {
        /// What the step makes.
        public enum Kind: Int32, Sendable {
            case tmpfs = 1
            case bind, proc, symlink, directory, overlay
        }

        /// What the step makes.
        public var kind: Kind
        /// The host path (a bind's source, a link's target).
        public var source: String
        /// The path inside the sandbox.
        public var target: String
        /// Mount options (tmpfs size, overlay directories).
        public var options: String
        /// Whether a bind stays writable.
        public var writable: Bool
        /// Whether a bind's source is a device node.
        public var device: Bool
        /// Whether the step is skipped when its source does not exist.
        public var optional: Bool
        /// Whether the grader first gives a writable bind's source to the process's own id.
        public var owned: Bool

        static func bind(
            _ source: String, at target: String? = nil, writable: Bool = false, device: Bool = false,
            optional: Bool = false, owned: Bool = false
        ) -> Mount {
            Mount(
                kind: .bind, source: source, target: target ?? source, options: "", writable: writable,
                device: device, optional: optional, owned: owned)
        }

        static func tmpfs(_ target: String, options: String) -> Mount {
            Mount(
                kind: .tmpfs, source: "", target: target, options: options, writable: true, device: false,
                optional: false, owned: false)
        }
    }

    /// The steps of the minimal root; empty for none.
    public var mounts: [Mount]
    /// Landlock: paths it may read and execute beneath.
    public var readPaths: [String]
    /// Landlock: paths it may execute (and read) but not list.
    public var executePaths: [String]
    /// Landlock: paths it may write beneath.
    public var writePaths: [String]
    /// The seccomp profile.
    public var seccomp: SeccompProfile
    /// Whether, under root, it runs as an unprivileged id of its own (else it keeps root's id,
    /// without a capability).
    public var ownIDs: Bool
    /// Its working (and only writable) folder, as it sees it.
    public var workDirectory: String
    /// Its writable folder on the host, when it has one there (without a minimal root, or for the
    /// compiler, whose output the grader collects).
    public var hostWorkDirectory: String?
    /// Its environment, `NAME=value`.
    public var environment: [String]

    /// The seccomp profiles of the C boundary.
    public enum SeccompProfile: Int32, Sendable {
        /// A trusted tool (the compiler) on hostile input.
        case tool = 1
        /// Student code: also no new sessions or process groups, and no other process's memory.
        case worker = 2
        /// The worker, which forks a process for each class: the worker profile without its memory
        /// rule, which each class's process adds for its own pid before it loads the submission.
        case workerServer = 3
    }

    /// Whether a minimal root is built.
    public var buildsMinimalRoot: Bool { !mounts.isEmpty }

    /// Where a worker's writable folder is inside a minimal root: a path no host has, so that no
    /// bind of a host path can land under it.
    static let sandboxWorkDirectory = "/bpg-work"

    /// Where the compiler sees its folder inside a minimal root.
    public static let compilerWorkDirectory = "/submission"

    /// The policy of a worker: the grader's executable in worker mode, loading a plugin.
    ///
    /// - Parameters:
    ///   - executable: the worker binary.
    ///   - toolchain: the toolchain whose runtime the worker loads.
    ///   - kit: the ExerciseKit build the plugin links against.
    ///   - plugin: the plugin.
    ///   - minimalRoot: whether to build a minimal root (else `hostWorkDirectory` is its folder).
    ///   - hostWorkDirectory: its working folder without a minimal root (which it may not write).
    ///   - limits: the limits (its folder's size).
    ///   - filesystem: what the host's files look like (for the own-ids decision).
    public static func worker(
        executable: String, toolchain: Toolchain, kit: KitBuild, plugin: String, minimalRoot: Bool,
        hostWorkDirectory: String, limits: WorkerLimits, filesystem: FileModes = .host
    ) -> SandboxPolicy {
        let opened =
            [(executable, true), (kit.libraryPath, false), (kit.supportLibraryPath, false), (plugin, false)]
            + (toolchain.backtracer.map { [($0, true)] } ?? [])
        // Through a minimal root's binds only the files' own modes count; without one, every
        // folder on the way too.
        let ownIDs =
            opened.allSatisfy { filesystem.isShareable($0.0, $0.1, minimalRoot) }
            && filesystem.isShareable(toolchain.runtimeLibraryDirectory, true, minimalRoot)
        let work = minimalRoot ? sandboxWorkDirectory : hostWorkDirectory
        var mounts: [Mount] = []
        if minimalRoot {
            mounts = systemLibraries(filesystem)
            mounts.append(.bind("/etc/ld.so.cache", optional: true))
            mounts.append(.bind(toolchain.runtimeLibraryDirectory))
            if let backtracer = toolchain.backtracer { mounts.append(.bind(backtracer, optional: true)) }
            mounts += [.bind(executable), .bind(kit.directory), .bind(plugin)] + devices + [proc]
            let mode = ownIDs ? "0700" : "0777"
            mounts.append(.tmpfs(work, options: "size=\(limits.diskBytes),nr_inodes=\(limits.diskFiles),mode=\(mode)"))
        }
        return SandboxPolicy(
            mounts: deduplicated(mounts),
            readPaths: systemLibraryPaths + [
                "/etc/ld.so.cache", parent(toolchain.runtimeLibraryDirectory), kit.directory, plugin, "/dev/urandom",
                // The crash reporter reads the worker's /proc entries and its own: with a minimal root,
                // /proc is the sandbox's own; without one, only the worker's entries.
                "/dev/zero", minimalRoot ? "/proc" : "/proc/self",
            ],
            executePaths: [executable] + (toolchain.backtracer.map { [$0] } ?? []),
            // Without a minimal root there is no size-capped folder to give: the worker writes nothing
            // but /dev/null (its working folder on the host is read-only to it).
            writePaths: minimalRoot ? [work, "/dev/null"] : ["/dev/null"], seccomp: .workerServer, ownIDs: ownIDs,
            workDirectory: work,
            hostWorkDirectory: minimalRoot ? nil : hostWorkDirectory, environment: workerEnvironment(home: work))
    }

    /// The system library folders: a bind for each folder, a link for each link (merged /usr).
    static func systemLibraries(_ filesystem: FileModes) -> [Mount] {
        systemLibraryPaths.compactMap { path in
            if let target = filesystem.linkTarget(path) {
                return Mount(
                    kind: .symlink, source: target, target: path, options: "", writable: false, device: false,
                    optional: false, owned: false)
            }
            return filesystem.isDirectory(path) ? .bind(path) : nil
        }
    }

    static let systemLibraryPaths = ["/lib", "/lib64", "/lib32", "/usr/lib", "/usr/lib64", "/usr/lib32"]

    static let proc = Mount(
        kind: .proc, source: "", target: "/proc", options: "", writable: false, device: false, optional: false,
        owned: false)

    static func directory(_ target: String) -> Mount {
        Mount(
            kind: .directory, source: "", target: target, options: "", writable: true, device: false,
            optional: false, owned: false)
    }

    static let devices: [Mount] = [
        .bind("/dev/null", writable: true, device: true),
        .bind("/dev/zero", device: true),
        .bind("/dev/urandom", device: true),
    ]

    /// The environment a worker gets: nothing of the grader's, only what the Swift runtime needs to
    /// print a short crash report that names the student's file and line.
    static func workerEnvironment(home: String) -> [String] {
        [
            "PATH=/usr/bin:/bin",
            "HOME=\(home)",
            "TMPDIR=\(home)",
            "LANG=C.UTF-8",
            "SWIFT_BACKTRACE=enable=yes,interactive=no,color=no,threads=crashed,registers=none,images=none,"
                + "limit=24,top=0,sanitize=yes,demangle=yes,output-to=stderr,timeout=5s",
        ]
    }

    /// Drops binds whose source lies inside an earlier bind's source at the same place.
    static func deduplicated(_ mounts: [Mount]) -> [Mount] {
        var kept: [Mount] = []
        for mount in mounts {
            let covered = kept.contains { earlier in
                earlier.kind == .bind && mount.kind == .bind && !mount.writable && earlier.source == earlier.target
                    && mount.source == mount.target
                    && (mount.source == earlier.source
                        || mount.source.hasPrefix(earlier.source + "/"))
            }
            if !covered { kept.append(mount) }
        }
        return kept
    }

    static func parent(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return "/" }
        return String(path[..<slash])
    }
}
