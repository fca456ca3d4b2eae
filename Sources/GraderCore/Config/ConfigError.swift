/// Why `grader.json` was refused. Every case names the key (as a path like `exercises[1].points`).
public enum ConfigError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The file could not be read.
    case unreadable(path: String, reason: String)
    /// The file is not JSON.
    case invalidJSON(path: String, reason: String)
    /// A required key is missing.
    case missingKey(String)
    /// A key the format does not have (a typo, usually).
    case unknownKey(String)
    /// A value of the wrong JSON type.
    case wrongType(key: String, expected: String, found: String)
    /// A value of the right type but out of range or inconsistent.
    case badValue(key: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): "cannot read the configuration \(path): \(reason)"
        case .invalidJSON(let path, let reason): "\(path) is not valid JSON: \(reason)"
        case .missingKey(let key): "grader.json: missing key '\(key)'"
        case .unknownKey(let key): "grader.json: unknown key '\(key)'"
        case .wrongType(let key, let expected, let found): "grader.json: '\(key)' must be \(expected), found \(found)"
        case .badValue(let key, let reason): "grader.json: '\(key)' \(reason)"
        }
    }
}
