import Foundation

/// Finds the course configuration the way tools usually find theirs: `--config`, then the
/// `GRADER_CONFIG` variable, then `grader.json` in the working folder or the nearest folder above,
/// then the course the grader was built with. Pure but for the `exists` check, which tests replace.
public enum ConfigurationLocator {
    /// Where the configuration came from.
    public enum Source: Equatable, Sendable, CustomStringConvertible {
        case option
        case environment
        case discovered
        case builtIn

        public var description: String {
            switch self {
            case .option: "--config"
            case .environment: "GRADER_CONFIG"
            case .discovered: "found in this folder or above it"
            case .builtIn: "the course the grader was built with"
            }
        }
    }

    /// The configuration's path and where it came from.
    ///
    /// - Parameters:
    ///   - option: `--config`, if given.
    ///   - environment: the process environment (`GRADER_CONFIG`).
    ///   - workingDirectory: where the search starts.
    ///   - home: the grader's home (the built-in course).
    ///   - exists: whether a file exists.
    public static func locate(
        option: String?, environment: [String: String], workingDirectory: String, home: GraderHome,
        exists: (String) -> Bool = { FileManager.default.fileExists(atPath: $0) }
    ) -> (path: String, source: Source) {
        if let option { return (option, .option) }
        if let path = environment["GRADER_CONFIG"], !path.isEmpty { return (path, .environment) }
        var folder = URL(fileURLWithPath: workingDirectory).standardizedFileURL.path
        while true {
            let candidate = (folder == "/" ? "" : folder) + "/grader.json"
            if exists(candidate) { return (candidate, .discovered) }
            guard folder != "/" && !folder.isEmpty else { break }
            folder = (folder as NSString).deletingLastPathComponent
        }
        return (home.builtInConfiguration, .builtIn)
    }
}
