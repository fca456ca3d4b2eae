/// What compiling a submission produced: a plugin (with the classes it provides) or the compiler's
/// diagnostics.
public struct PluginBuild: Codable, Sendable, Equatable {
    /// Whether the student's file compiled.
    public enum Status: String, Codable, Sendable {
        /// A plugin exists at ``PluginBuild/pluginPath``.
        case built
        /// The student's file does not compile: see ``PluginBuild/diagnostics``.
        case compileError
    }

    /// The outcome.
    public var status: Status
    /// The plugin (a `.so` in the cache), when built.
    public var pluginPath: String?
    /// The classes whose entry points the plugin has.
    public var classes: [GradedClass]
    /// For each class the plugin lacks: why (missing class or wrong signature), for the student.
    public var classProblems: [String: String]
    /// The compiler's errors in the student's file, with the file's own name and line.
    public var diagnostics: String?
    /// How long compiling took, in seconds (0 when served from the cache).
    public var compileSeconds: Double
    /// Whether this came from the cache.
    public var cached: Bool
}
