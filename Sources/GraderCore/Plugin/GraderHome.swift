import Foundation

/// Where the grader's own files are: ExerciseKit's sources and the plugin wire format, which every
/// plugin is compiled against, and the cache of compiled kits and plugins.
///
/// By default this is the checkout the grader was built from (known at compile time), so the grader
/// works from a fresh clone whether it runs as `swift run grader` or as `.build/release/grader`.
/// `GRADER_HOME` overrides the checkout and `GRADER_CACHE_DIR` the cache.
public struct GraderHome: Sendable, Equatable {
    /// The package root.
    public var root: String
    /// The cache directory (`<root>/.build/grader-cache` by default).
    public var cacheDirectory: String

    /// Creates a home from explicit paths.
    public init(root: String, cacheDirectory: String? = nil) {
        self.root = root
        self.cacheDirectory = cacheDirectory ?? root + "/.build/grader-cache"
    }

    /// The home of this build, or the one the environment names.
    public static func current(environment: [String: String] = ProcessInfo.processInfo.environment) -> GraderHome {
        let root = environment["GRADER_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? builtRoot
        let cache = environment["GRADER_CACHE_DIR"].flatMap { $0.isEmpty ? nil : $0 }
        return GraderHome(root: root, cacheDirectory: cache)
    }

    /// The checkout this file was compiled in: `<root>/Sources/GraderCore/Plugin/GraderHome.swift`.
    static let builtRoot: String = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

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

    /// The plugin wire format's source, compiled into every plugin.
    ///
    /// - Throws: ``ToolchainError/sourcesNotFound(path:)``.
    public func pluginWireSource() throws -> String {
        let path = root + "/Sources/PluginWire/PluginWire.swift"
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ToolchainError.sourcesNotFound(path: path)
        }
        return text
    }
}
