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
/// Every key is required except `title`, `randomCases` (default 8) and `largeCase` (default false);
/// unknown keys and bad values are refused with a ``ConfigError`` naming the key.
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
    /// The exercises, in the configuration's order.
    public var exercises: [ExerciseConfiguration]
    /// The directory relative paths are resolved against (the configuration file's directory).
    public var baseDirectory: String

    /// The configuration of one exercise, if the course has it.
    public func exercise(_ id: ExerciseID) -> ExerciseConfiguration? {
        exercises.first { $0.id == id }
    }

    /// Loads and validates a configuration file.
    ///
    /// - Parameter path: the file (usually `./grader.json`).
    /// - Returns: the configuration.
    /// - Throws: ``ConfigError``.
    public static func load(path: String) throws -> CourseConfiguration {
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "permission denied" : "no such file"
            throw ConfigError.unreadable(path: path, reason: reason)
        }
        let base = URL(fileURLWithPath: path).standardizedFileURL.deletingLastPathComponent().path
        return try parse(data, path: path, baseDirectory: base)
    }

    /// Parses and validates configuration bytes.
    ///
    /// - Throws: ``ConfigError``.
    public static func parse(_ data: Data, path: String = "grader.json", baseDirectory: String) throws
        -> CourseConfiguration
    {
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
            "formatVersion", "seed", "tolerance", "timeLimitSeconds", "memoryLimitMB", "exercises",
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
        guard case .array(let items) = try object.required("exercises") else {
            throw ConfigError.wrongType(
                key: "exercises", expected: "an array", found: try object.required("exercises").kindName)
        }
        guard !items.isEmpty else { throw ConfigError.badValue(key: "exercises", reason: "is empty") }
        var exercises: [ExerciseConfiguration] = []
        for (index, item) in items.enumerated() {
            let exercise = try ExerciseConfiguration.parse(item, key: "exercises[\(index)]")
            if exercises.contains(where: { $0.id == exercise.id }) {
                throw ConfigError.badValue(key: "exercises[\(index)].id", reason: "repeats '\(exercise.id.rawValue)'")
            }
            exercises.append(exercise)
        }
        return CourseConfiguration(
            seed: UInt64(seed), tolerance: tolerance, timeLimitSeconds: timeLimit, memoryLimitMB: memory,
            exercises: exercises, baseDirectory: baseDirectory)
    }

    /// A stable fingerprint of everything that affects grades, for `--resume`.
    public var fingerprint: String {
        var digest = SHA256()
        digest.update(
            field: "config-v1 \(seed) \(tolerance.absolute) \(tolerance.relative) \(timeLimitSeconds) \(memoryLimitMB)")
        for exercise in exercises {
            digest.update(field: "\(exercise.id.rawValue) \(exercise.randomCases) \(exercise.largeCase)")
            for quantity in exercise.id.quantities {
                digest.update(field: "\(quantity.rawValue)=\(exercise.points(quantity))")
            }
        }
        return digest.hexDigest()
    }
}

/// One exercise's entry in `grader.json`.
public struct ExerciseConfiguration: Sendable, Equatable {
    /// The exercise.
    public var id: ExerciseID
    /// Its title.
    public var title: String
    /// The submission file name (must be the exercise's: SPEC section 2).
    public var file: String
    /// The student template, relative to the configuration's directory.
    public var template: String
    /// The reference implementation file, relative to the configuration's directory.
    public var reference: String
    /// Random cases per class.
    public var randomCases: Int
    /// Whether fc-backward's large case is on.
    public var largeCase: Bool
    /// Points per scored quantity.
    public var pointsByQuantity: [ScoredQuantity: Double]

    /// The points of a quantity (0 when absent).
    public func points(_ quantity: ScoredQuantity) -> Double { pointsByQuantity[quantity] ?? 0 }

    /// The exercise's maximum score.
    public var maxScore: Double { id.quantities.reduce(0) { $0 + points($1) } }

    static func parse(_ value: JSONValue, key: String) throws -> ExerciseConfiguration {
        let fields = try Fields(value, key: key)
        try fields.refuseUnknown(["id", "title", "file", "template", "reference", "randomCases", "largeCase", "points"])
        let rawID = try fields.string("id")
        guard let id = ExerciseID(rawValue: rawID) else {
            throw ConfigError.badValue(
                key: key + ".id",
                reason: "is '\(rawID)'; the exercises are "
                    + ExerciseID.allCases.map(\.rawValue).joined(separator: ", "))
        }
        let file = try fields.string("file")
        guard file == id.fileName else {
            throw ConfigError.badValue(key: key + ".file", reason: "must be \(id.fileName) for \(id.rawValue)")
        }
        let pointsFields = try Fields(try fields.required("points"), key: key + ".points")
        try pointsFields.refuseUnknown(id.quantities.map(\.rawValue))
        var points: [ScoredQuantity: Double] = [:]
        for quantity in id.quantities {
            points[quantity] = try pointsFields.number(quantity.rawValue, range: 0...1000)
        }
        return ExerciseConfiguration(
            id: id, title: try fields.string("title", default: id.defaultTitle), file: file,
            template: try fields.string("template"), reference: try fields.string("reference"),
            randomCases: try fields.integer("randomCases", range: 0...1000, default: 8),
            largeCase: try fields.bool("largeCase", default: false), pointsByQuantity: points)
    }
}

/// Typed access to a JSON object's fields, with errors that name the key path.
struct Fields {
    let values: [(String, JSONValue)]
    let key: String

    init(_ value: JSONValue, key: String) throws {
        guard case .object(let values) = value else {
            throw ConfigError.wrongType(
                key: key.isEmpty ? "(top level)" : key, expected: "an object", found: value.kindName)
        }
        self.values = values
        self.key = key
    }

    func path(_ name: String) -> String { key.isEmpty ? name : key + "." + name }

    func refuseUnknown(_ allowed: [String]) throws {
        if let unknown = values.first(where: { !allowed.contains($0.0) }) {
            throw ConfigError.unknownKey(path(unknown.0))
        }
    }

    func optional(_ name: String) -> JSONValue? { values.first { $0.0 == name }?.1 }

    func required(_ name: String) throws -> JSONValue {
        guard let value = optional(name) else { throw ConfigError.missingKey(path(name)) }
        return value
    }

    func number(_ name: String, range: ClosedRange<Double>, default fallback: Double? = nil) throws -> Double {
        guard let value = optional(name) else {
            if let fallback { return fallback }
            throw ConfigError.missingKey(path(name))
        }
        guard case .number(let number) = value else {
            throw ConfigError.wrongType(key: path(name), expected: "a number", found: value.kindName)
        }
        guard number.isFinite, range.contains(number) else {
            throw ConfigError.badValue(
                key: path(name), reason: "is \(number); it must be between \(range.lowerBound) and \(range.upperBound)")
        }
        return number
    }

    func integer(_ name: String, range: ClosedRange<Int> = Int.min...Int.max, default fallback: Int? = nil) throws
        -> Int
    {
        guard let value = optional(name) else {
            if let fallback { return fallback }
            throw ConfigError.missingKey(path(name))
        }
        guard case .number(let number) = value else {
            throw ConfigError.wrongType(key: path(name), expected: "a whole number", found: value.kindName)
        }
        guard number == number.rounded(), abs(number) < 9e15 else {
            throw ConfigError.wrongType(key: path(name), expected: "a whole number", found: "\(number)")
        }
        let integer = Int(number)
        guard range.contains(integer) else {
            throw ConfigError.badValue(
                key: path(name), reason: "is \(integer); it must be between \(range.lowerBound) and \(range.upperBound)"
            )
        }
        return integer
    }

    func string(_ name: String, default fallback: String? = nil) throws -> String {
        guard let value = optional(name) else {
            if let fallback { return fallback }
            throw ConfigError.missingKey(path(name))
        }
        guard case .string(let text) = value else {
            throw ConfigError.wrongType(key: path(name), expected: "a string", found: value.kindName)
        }
        guard !text.isEmpty else { throw ConfigError.badValue(key: path(name), reason: "is empty") }
        return text
    }

    func bool(_ name: String, default fallback: Bool) throws -> Bool {
        guard let value = optional(name) else { return fallback }
        guard case .bool(let flag) = value else {
            throw ConfigError.wrongType(key: path(name), expected: "true or false", found: value.kindName)
        }
        return flag
    }
}
