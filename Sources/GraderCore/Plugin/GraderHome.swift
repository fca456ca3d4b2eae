import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Where the grader's own files are: ExerciseKit's sources and the plugin wire format (which every
/// plugin is compiled against), the course it was built with, and the cache of kits and plugins.
///
/// By default this is the checkout the grader was built from (known at compile time), so that a
/// binary copied or linked anywhere (`~/.local/bin/grader`) still finds its course; `GRADER_HOME`
/// names another. The cache is `GRADER_CACHE_DIR`, else `.build/grader-cache` in the checkout when
/// this user may write there, else `$XDG_CACHE_HOME/backprop-grader` (`~/.cache/backprop-grader`).
public struct GraderHome: Sendable, Equatable {
    /// The package root.
    public var root: String
    /// The cache directory.
    public var cacheDirectory: String

    /// Creates a home from explicit paths.
    public init(root: String, cacheDirectory: String? = nil) {
        self.root = root
        self.cacheDirectory = cacheDirectory ?? root + "/.build/grader-cache"
    }

    /// The home of this build, or the one the environment names.
    public static func current(environment: [String: String] = ProcessInfo.processInfo.environment) -> GraderHome {
        let root = environment["GRADER_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? builtRoot
        if let cache = environment["GRADER_CACHE_DIR"].flatMap({ $0.isEmpty ? nil : $0 }) {
            return GraderHome(root: root, cacheDirectory: cache)
        }
        let inCheckout = root + "/.build/grader-cache"
        if isWritable(inCheckout) { return GraderHome(root: root, cacheDirectory: inCheckout) }
        let base =
            environment["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (environment["HOME"].map { $0 + "/.cache" } ?? NSTemporaryDirectory())
        return GraderHome(root: root, cacheDirectory: base + "/backprop-grader")
    }

    /// Whether `path` (or the nearest folder above it that exists) is writable by this user.
    static func isWritable(_ path: String) -> Bool {
        var candidate = path
        while !candidate.isEmpty && candidate != "/" {
            if FileManager.default.fileExists(atPath: candidate) { return access(candidate, W_OK) == 0 }
            candidate = (candidate as NSString).deletingLastPathComponent
        }
        return false
    }

    /// Where compiles run: `work/<host>` in the cache, on the cache's file system (a plugin lands
    /// in the cache by a rename or a link from there). One folder per host, so that a grader cleaning
    /// up after killed graders (whose pids are only meaningful on their own host) never touches the
    /// compiles of another node that shares the cache.
    public var workDirectory: String { cacheDirectory + "/work/" + HostName.pathComponent }

    /// The checkout this file was compiled in: `<root>/Sources/GraderCore/Plugin/GraderHome.swift`.
    public static let builtRoot: String = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// The course the grader was built with: the checkout's `grader.json`.
    public var builtInConfiguration: String { root + "/grader.json" }

    /// ExerciseKit's source files, sorted.
    ///
    /// - Throws: ``ToolchainError/sourcesNotFound(path:)``.
    public func exerciseKitSources() throws -> [String] {
        let directory = root + "/Sources/ExerciseKit"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
            throw ToolchainError.sourcesNotFound(path: directory)
        }
        let sources = names.filter { $0.hasSuffix(".swift") }.sorted().map { directory + "/" + $0 }
        guard !sources.isEmpty else { throw ToolchainError.sourcesNotFound(path: directory) }
        return sources
    }

    /// Where the plugin wire format's source is.
    var pluginWirePath: String { root + "/Sources/PluginWire/PluginWire.swift" }

    /// The plugin wire format's source, compiled into the plugin support module.
    ///
    /// - Throws: ``ToolchainError/sourcesNotFound(path:)``.
    public func pluginWireSource() throws -> String {
        let path = pluginWirePath
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ToolchainError.sourcesNotFound(path: path)
        }
        return text
    }
}
