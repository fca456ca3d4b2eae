#if canImport(Glibc)
    import Glibc
#endif

/// What the grader needs to know of the host's files to decide a ``SandboxPolicy``: closures, so that
/// the decision is tested without a file system.
public struct FileModes: Sendable {
    /// Whether an unprivileged id can open `path` (read, or with `execute`, execute); with
    /// `throughBinds`, only the file's own mode counts (a bind mount skips its directories).
    public var isShareable: @Sendable (_ path: String, _ execute: Bool, _ throughBinds: Bool) -> Bool
    /// The target of a symbolic link, or `nil` when `path` is not one.
    public var linkTarget: @Sendable (_ path: String) -> String?
    /// Whether `path` is a directory (not following a final link).
    public var isDirectory: @Sendable (_ path: String) -> Bool

    /// Creates a description of a file system.
    public init(
        isShareable: @escaping @Sendable (String, Bool, Bool) -> Bool,
        linkTarget: @escaping @Sendable (String) -> String?, isDirectory: @escaping @Sendable (String) -> Bool
    ) {
        self.isShareable = isShareable
        self.linkTarget = linkTarget
        self.isDirectory = isDirectory
    }

    /// The host's real files.
    public static let host = FileModes(
        isShareable: { path, execute, throughBinds in
            HostFiles.isShareable(path, execute: execute, throughBinds: throughBinds)
        },
        linkTarget: HostFiles.linkTarget, isDirectory: HostFiles.isDirectory)
}

/// Reading file modes on the host.
enum HostFiles {
    /// Whether a user with no rights of its own can reach `path`: read (or execute) permission for
    /// others on the file, everything beneath it for a folder, and, unless `throughBinds`, search
    /// permission on every folder on the way.
    static func isShareable(_ path: String, execute: Bool, throughBinds: Bool) -> Bool {
        guard let real = realpath(path, nil) else { return false }
        defer { free(real) }
        let resolved = String(cString: real)
        var info = stat()
        if !throughBinds {
            var prefix = ""
            for component in resolved.split(separator: "/").dropLast() {
                prefix += "/" + component
                guard stat(prefix, &info) == 0, info.st_mode & 0o001 != 0 else { return false }
            }
        }
        guard stat(resolved, &info) == 0 else { return false }
        let isDirectory = info.st_mode & S_IFMT == S_IFDIR
        let needed: mode_t = isDirectory ? 0o005 : execute ? 0o005 : 0o004
        return info.st_mode & needed == needed
    }

    static func linkTarget(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink(path, &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
    }
}
