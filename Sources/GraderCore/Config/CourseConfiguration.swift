import Foundation

/// The course configuration, `grader.json` (SPEC section 5).
///
/// ```json
/// { "formatVersion": 1, "seed": 2026, "tolerance": { "absolute": 1e-5, "relative": 0 },
///   "timeLimitSeconds": 20, "memoryLimitMB": 2048,
///   "exercises": [ { "id": "fc-backward", "title": "…", "file": "FullyConnected.swift",
///                    "template": "Exercises/fc-backward/FullyConnected.swift",
///                    "reference": "ReferenceSolutions/FullyConnected.swift",
///                    "randomCases": 8, "largeCase": false,
///                    "points": { "FullyConnected.backward": 4, "FullyConnected.dW": 3, "FullyConnected.db": 3 } } ] }
/// ```
///
/// Every key is required except `title`, `randomCases` (default 8), `largeCase` (default false),
/// `compileTimeLimitSeconds` (60) and `compileMemoryLimitMB` (2048); unknown keys and bad values are refused with a ``ConfigError`` naming the key. Exercise
/// ids and quantities are the ``ExerciseCatalog``'s.
public struct CourseConfiguration: Sendable, Equatable {
    /// The only format version this grader reads.
    public static let formatVersion = 1

    /// The default seed for cases.
    public var seed: UInt64
    /// The comparison rule.
    public var tolerance: Tolerance
    /// Wall-clock seconds each graded class's worker may run.
    public var timeLimitSeconds: Double
    /// The worker's address-space limit, in MiB.
    public var memoryLimitMB: Int
    /// Wall-clock seconds one compile of a student's files may take.
    public var compileTimeLimitSeconds: Double = CourseConfiguration.defaultCompileTimeLimit
    /// The compiler's address-space limit, in MiB.
    public var compileMemoryLimitMB: Int = CourseConfiguration.defaultCompileMemoryLimit
    /// The exercises, in the configuration's order.
    public var exercises: [ExerciseConfiguration]
    /// The directory relative paths are resolved against (the configuration file's directory).
    public var baseDirectory: String

    /// The configuration of one exercise, if the course has it.
    public func exercise(_ id: ExerciseID) -> ExerciseConfiguration? {
        exercises.first { $0.id == id }
    }

    /// The default of `compileTimeLimitSeconds`.
    public static let defaultCompileTimeLimit = 60.0
    /// The default of `compileMemoryLimitMB`.
    public static let defaultCompileMemoryLimit = 2048

    /// Loads and validates a configuration file.
    ///
    /// - Parameters:
    ///   - path: the file.
    ///   - catalog: the exercises it may name.
    /// - Returns: the configuration.
    /// - Throws: ``ConfigError``.
    public static func load(path: String, catalog: ExerciseCatalog = .standard) throws -> CourseConfiguration {
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "permission denied" : "no such file"
            throw ConfigError.unreadable(path: path, reason: reason)
        }
        let base = URL(fileURLWithPath: path).standardizedFileURL.deletingLastPathComponent().path
        return try parse(data, path: path, baseDirectory: base, catalog: catalog)
    }

    /// Parses and validates configuration bytes.
    ///
    /// - Throws: ``ConfigError``.
    public static func parse(
        _ data: Data, path: String = "grader.json", baseDirectory: String, catalog: ExerciseCatalog = .standard
    ) throws -> CourseConfiguration {
        let root: JSONValue
        do {
            root = try JSONDecoder().decode(JSONValue.self, from: data)
        } catch let DecodingError.dataCorrupted(context) {
            let underlying = (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String
            throw ConfigError.invalidJSON(path: path, reason: underlying ?? context.debugDescription)
        } catch {
            throw ConfigError.invalidJSON(path: path, reason: "\(error)")
        }
        let object = try Fields(root, key: "")
        try object.refuseUnknown([
            "formatVersion", "seed", "tolerance", "timeLimitSeconds", "memoryLimitMB", "compileTimeLimitSeconds",
            "compileMemoryLimitMB", "exercises",
        ])
        let version = try object.integer("formatVersion")
        guard version == formatVersion else {
            throw ConfigError.badValue(
                key: "formatVersion", reason: "is \(version); this grader reads version \(formatVersion)")
        }
        let seed = try object.integer("seed", range: 0...Int.max)
        let toleranceFields = try Fields(try object.required("tolerance"), key: "tolerance")
        try toleranceFields.refuseUnknown(["absolute", "relative"])
        let tolerance = Tolerance(
            absolute: try toleranceFields.number("absolute", range: 0...1),
            relative: try toleranceFields.number("relative", range: 0...1, default: 0))
        let timeLimit = try object.number("timeLimitSeconds", range: 0.1...3600)
        let memory = try object.integer("memoryLimitMB", range: 256...65536)
        let compileTime = try object.number(
            "compileTimeLimitSeconds", range: 1...3600, default: defaultCompileTimeLimit)
        let compileMemory = try object.integer(
            "compileMemoryLimitMB", range: 1024...65536, default: defaultCompileMemoryLimit)
        guard case .array(let items) = try object.required("exercises") else {
            throw ConfigError.wrongType(
                key: "exercises", expected: "an array", found: try object.required("exercises").kindName)
        }
        guard !items.isEmpty else { throw ConfigError.badValue(key: "exercises", reason: "is empty") }
        var exercises: [ExerciseConfiguration] = []
        for (index, item) in items.enumerated() {
            let exercise = try ExerciseConfiguration.parse(item, key: "exercises[\(index)]", catalog: catalog)
            if exercises.contains(where: { $0.id == exercise.id }) {
                throw ConfigError.badValue(key: "exercises[\(index)].id", reason: "repeats '\(exercise.id.rawValue)'")
            }
            exercises.append(exercise)
        }
        return CourseConfiguration(
            seed: UInt64(seed), tolerance: tolerance, timeLimitSeconds: timeLimit, memoryLimitMB: memory,
            compileTimeLimitSeconds: compileTime, compileMemoryLimitMB: compileMemory, exercises: exercises,
            baseDirectory: baseDirectory)
    }

    /// A stable fingerprint of everything that affects grades, for `--resume`.
    public var fingerprint: String {
        var digest = SHA256()
        digest.update(
            field: "config-v1 \(seed) \(tolerance.absolute) \(tolerance.relative) \(timeLimitSeconds) \(memoryLimitMB)")
        for exercise in exercises {
            digest.update(field: "\(exercise.id.rawValue) \(exercise.randomCases) \(exercise.largeCase)")
            for quantity in exercise.exercise.quantities {
                digest.update(field: "\(quantity.rawValue)=\(exercise.points(quantity))")
            }
        }
        // Compile limits count once they are not the defaults (the fingerprints of configurations that
        // leave them out stay what they were before the keys existed).
        if compileTimeLimitSeconds != CourseConfiguration.defaultCompileTimeLimit
            || compileMemoryLimitMB != CourseConfiguration.defaultCompileMemoryLimit
        {
            digest.update(field: "compile \(compileTimeLimitSeconds) \(compileMemoryLimitMB)")
        }
        return digest.hexDigest()
    }
}
