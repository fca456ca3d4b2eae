/// How a plugin was compiled: by the grader running the frontend and the linker itself, or through
/// the `swiftc` driver (the fallback, with the reason).
public enum CompilePath: Codable, Sendable, Equatable, CustomStringConvertible {
    /// `swift-frontend`, then `ld.lld`, each in the compile sandbox, from the cached
    /// ``CompileRecipe`` (the autolink entries read by the grader).
    case direct
    /// `swiftc` in the compile sandbox, as the driver plans it (`swift-frontend`,
    /// `swift-autolink-extract`, `clang` and `ld.gold`), because of `reason`.
    case driver(reason: String)

    public var description: String {
        switch self {
        case .direct: "swift-frontend and ld.lld, run directly"
        case .driver(let reason): "the swiftc driver (\(reason))"
        }
    }
}
