// Tests of grader.json (SPEC section 5): the shipped file loads with the expected values, defaults
// apply, and every bad input is refused with a ConfigError that names the key.

import Foundation
import GraderCore
import TestSupport
import Testing

/// A valid configuration as a JSON object, to be broken one key at a time.
private func validDocument() -> [String: Any] {
    [
        "formatVersion": 1,
        "seed": 2026,
        "tolerance": ["absolute": 1e-5, "relative": 0.0],
        "timeLimitSeconds": 20,
        "memoryLimitMB": 2048,
        "exercises": [
            [
                "id": "fc-backward", "title": "FC", "file": "FullyConnected.swift",
                "template": "Exercises/fc-backward/FullyConnected.swift",
                "reference": "ReferenceSolutions/FullyConnected.swift",
                "randomCases": 8, "largeCase": false,
                "points": ["FullyConnected.backward": 4, "FullyConnected.dW": 3, "FullyConnected.db": 3],
            ] as [String: Any],
            [
                "id": "activation-backward", "title": "Activations", "file": "Activations.swift",
                "template": "Exercises/activation-backward/Activations.swift",
                "reference": "ReferenceSolutions/Activations.swift",
                "randomCases": 8, "largeCase": false,
                "points": ["Sigmoid.backward": 5, "ReLU.backward": 5],
            ],
            [
                "id": "loss-backward", "title": "Losses", "file": "Losses.swift",
                "template": "Exercises/loss-backward/Losses.swift",
                "reference": "ReferenceSolutions/Losses.swift",
                "randomCases": 8, "largeCase": false,
                "points": ["SoftmaxWithLoss.backward": 5, "MeanSquaredError.backward": 5],
            ],
        ],
    ]
}

/// Serialises a document (Swift `Bool`s become JSON `true`/`false`).
private func serialise(_ document: [String: Any]) throws -> Data {
    try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys])
}

private func parse(_ data: Data) throws -> CourseConfiguration {
    try CourseConfiguration.parse(data, path: "grader.json", baseDirectory: "/course")
}

/// Applies `change` to exercise `index` of a document.
private func editExercise(_ document: inout [String: Any], _ index: Int, _ change: (inout [String: Any]) -> Void) {
    var exercises = document["exercises"] as! [[String: Any]]
    change(&exercises[index])
    document["exercises"] = exercises
}

/// Applies `change` to the points of exercise `index`.
private func editPoints(_ document: inout [String: Any], _ index: Int, _ change: (inout [String: Any]) -> Void) {
    editExercise(&document, index) { exercise in
        var points = exercise["points"] as! [String: Any]
        change(&points)
        exercise["points"] = points
    }
}

/// Applies `change` to the tolerance object.
private func editTolerance(_ document: inout [String: Any], _ change: (inout [String: Any]) -> Void) {
    var tolerance = document["tolerance"] as! [String: Any]
    change(&tolerance)
    document["tolerance"] = tolerance
}

/// The kind of refusal expected, and the key it must name.
enum ConfigRefusal: Equatable, Sendable, CustomStringConvertible {
    case missingKey(String)
    case unknownKey(String)
    case wrongType(String)
    case badValue(String)

    var key: String {
        switch self {
        case .missingKey(let key), .unknownKey(let key), .wrongType(let key), .badValue(let key): key
        }
    }

    var description: String {
        switch self {
        case .missingKey(let key): "missing \(key)"
        case .unknownKey(let key): "unknown \(key)"
        case .wrongType(let key): "wrong type \(key)"
        case .badValue(let key): "bad value \(key)"
        }
    }

    /// Whether `error` is this refusal.
    func matches(_ error: ConfigError) -> Bool {
        switch (self, error) {
        case (.missingKey(let key), .missingKey(let found)), (.unknownKey(let key), .unknownKey(let found)):
            key == found
        case (.wrongType(let key), .wrongType(let found, _, _)), (.badValue(let key), .badValue(let found, _)):
            key == found
        default: false
        }
    }
}

/// One broken configuration: a change to the valid document and the refusal it must get.
struct BrokenConfigurationCase: Sendable, CustomTestStringConvertible {
    let name: String
    let change: @Sendable (inout [String: Any]) -> Void
    let refusal: ConfigRefusal

    init(_ name: String, _ refusal: ConfigRefusal, _ change: @escaping @Sendable (inout [String: Any]) -> Void) {
        self.name = name
        self.change = change
        self.refusal = refusal
    }

    var testDescription: String { name }

    static let all: [BrokenConfigurationCase] = [
        // Missing keys.
        .init("no seed", .missingKey("seed")) { $0["seed"] = nil },
        .init("no formatVersion", .missingKey("formatVersion")) { $0["formatVersion"] = nil },
        .init("no tolerance", .missingKey("tolerance")) { $0["tolerance"] = nil },
        .init("no tolerance.absolute", .missingKey("tolerance.absolute")) {
            editTolerance(&$0) { $0["absolute"] = nil }
        },
        .init("no timeLimitSeconds", .missingKey("timeLimitSeconds")) { $0["timeLimitSeconds"] = nil },
        .init("no memoryLimitMB", .missingKey("memoryLimitMB")) { $0["memoryLimitMB"] = nil },
        .init("no exercises", .missingKey("exercises")) { $0["exercises"] = nil },
        .init("no exercises[0].points", .missingKey("exercises[0].points")) {
            editExercise(&$0, 0) { $0["points"] = nil }
        },
        .init("no exercises[0].id", .missingKey("exercises[0].id")) { editExercise(&$0, 0) { $0["id"] = nil } },
        .init("no exercises[2].file", .missingKey("exercises[2].file")) { editExercise(&$0, 2) { $0["file"] = nil } },
        .init("no exercises[1].template", .missingKey("exercises[1].template")) {
            editExercise(&$0, 1) { $0["template"] = nil }
        },
        .init("no exercises[0].reference", .missingKey("exercises[0].reference")) {
            editExercise(&$0, 0) { $0["reference"] = nil }
        },
        .init("a quantity without points", .missingKey("exercises[1].points.ReLU.backward")) {
            editPoints(&$0, 1) { $0["ReLU.backward"] = nil }
        },
        // Unknown keys.
        .init("unknown top-level key", .unknownKey("seeds")) { $0["seeds"] = 3 },
        .init("misspelt seed", .unknownKey("sed")) {
            $0["sed"] = $0["seed"]
            $0["seed"] = nil
        },
        .init("unknown key in tolerance", .unknownKey("tolerance.abs")) { editTolerance(&$0) { $0["abs"] = 1e-5 } },
        .init("unknown key in an exercise", .unknownKey("exercises[1].randomcases")) {
            editExercise(&$0, 1) { $0["randomcases"] = 4 }
        },
        .init("unknown quantity in points", .unknownKey("exercises[0].points.FullyConnected.dw")) {
            editPoints(&$0, 0) { $0["FullyConnected.dw"] = 3 }
        },
        .init("another exercise's quantity in points", .unknownKey("exercises[2].points.Sigmoid.backward")) {
            editPoints(&$0, 2) { $0["Sigmoid.backward"] = 5 }
        },
        // Wrong types.
        .init("seed as a string", .wrongType("seed")) { $0["seed"] = "2026" },
        .init("seed null", .wrongType("seed")) { $0["seed"] = NSNull() },
        .init("timeLimitSeconds as a boolean", .wrongType("timeLimitSeconds")) { $0["timeLimitSeconds"] = true },
        .init("memoryLimitMB as a boolean", .wrongType("memoryLimitMB")) { $0["memoryLimitMB"] = false },
        .init("points as a boolean", .wrongType("exercises[0].points.FullyConnected.db")) {
            editPoints(&$0, 0) { $0["FullyConnected.db"] = true }
        },
        .init("largeCase as a number", .wrongType("exercises[0].largeCase")) {
            editExercise(&$0, 0) { $0["largeCase"] = 1 }
        },
        .init("largeCase as a string", .wrongType("exercises[0].largeCase")) {
            editExercise(&$0, 0) { $0["largeCase"] = "false" }
        },
        .init("tolerance as a number", .wrongType("tolerance")) { $0["tolerance"] = 1e-5 },
        .init("tolerance.absolute as a string", .wrongType("tolerance.absolute")) {
            editTolerance(&$0) { $0["absolute"] = "1e-5" }
        },
        .init("exercises as an object", .wrongType("exercises")) { $0["exercises"] = ["id": "fc-backward"] },
        .init("an exercise as a string", .wrongType("exercises[1]")) {
            var exercises = $0["exercises"] as! [Any]
            exercises[1] = "activation-backward"
            $0["exercises"] = exercises
        },
        .init("points as an array", .wrongType("exercises[2].points")) {
            editExercise(&$0, 2) { $0["points"] = [5, 5] }
        },
        .init("id as a number", .wrongType("exercises[0].id")) { editExercise(&$0, 0) { $0["id"] = 1 } },
        .init("title as a number", .wrongType("exercises[1].title")) { editExercise(&$0, 1) { $0["title"] = 2 } },
        .init("fractional seed", .wrongType("seed")) { $0["seed"] = 1.5 },
        .init("fractional randomCases", .wrongType("exercises[0].randomCases")) {
            editExercise(&$0, 0) { $0["randomCases"] = 2.5 }
        },
        .init("formatVersion as a string", .wrongType("formatVersion")) { $0["formatVersion"] = "1" },
        // Bad values.
        .init("formatVersion 2", .badValue("formatVersion")) { $0["formatVersion"] = 2 },
        .init("negative seed", .badValue("seed")) { $0["seed"] = -1 },
        .init("negative absolute tolerance", .badValue("tolerance.absolute")) {
            editTolerance(&$0) { $0["absolute"] = -1e-5 }
        },
        .init("negative relative tolerance", .badValue("tolerance.relative")) {
            editTolerance(&$0) { $0["relative"] = -0.001 }
        },
        .init("time limit 0", .badValue("timeLimitSeconds")) { $0["timeLimitSeconds"] = 0 },
        .init("negative time limit", .badValue("timeLimitSeconds")) { $0["timeLimitSeconds"] = -20 },
        .init("memory limit 0", .badValue("memoryLimitMB")) { $0["memoryLimitMB"] = 0 },
        .init("unknown exercise id", .badValue("exercises[1].id")) {
            editExercise(&$0, 1) { $0["id"] = "relu-backward" }
        },
        .init("wrong file name for the exercise", .badValue("exercises[0].file")) {
            editExercise(&$0, 0) { $0["file"] = "Activations.swift" }
        },
        .init("file name in the wrong case", .badValue("exercises[2].file")) {
            editExercise(&$0, 2) { $0["file"] = "losses.swift" }
        },
        .init("duplicate exercise", .badValue("exercises[2].id")) {
            var exercises = $0["exercises"] as! [Any]
            exercises[2] = exercises[0]
            $0["exercises"] = exercises
        },
        .init("empty exercises", .badValue("exercises")) { $0["exercises"] = [Any]() },
        .init("negative randomCases", .badValue("exercises[1].randomCases")) {
            editExercise(&$0, 1) { $0["randomCases"] = -1 }
        },
        .init("negative points", .badValue("exercises[0].points.FullyConnected.dW")) {
            editPoints(&$0, 0) { $0["FullyConnected.dW"] = -3 }
        },
        .init("empty title", .badValue("exercises[0].title")) { editExercise(&$0, 0) { $0["title"] = "" } },
        .init("empty template", .badValue("exercises[2].template")) { editExercise(&$0, 2) { $0["template"] = "" } },
    ]
}

@Suite("Course configuration")
struct ConfigurationTests {
    @Test("the shipped grader.json loads with the expected values")
    func shippedConfiguration() throws {
        let configuration = try TestEnvironment.configuration()
        #expect(configuration.seed == 20_261_121)
        #expect(configuration.tolerance == Tolerance(absolute: 1e-5, relative: 0))
        #expect(configuration.tolerance == .standard)
        #expect(configuration.timeLimitSeconds == 20)
        #expect(configuration.memoryLimitMB == 2048)
        #expect(
            configuration.baseDirectory == URL(fileURLWithPath: TestEnvironment.packageRoot).standardizedFileURL.path)
        #expect(configuration.exercises.map(\.id) == [.fcBackward, .activationBackward, .lossBackward])
        #expect(configuration.exercises.map(\.file) == ["FullyConnected.swift", "Activations.swift", "Losses.swift"])
        for exercise in configuration.exercises {
            #expect(exercise.randomCases == 8)
            #expect(exercise.largeCase == false)
            #expect(exercise.title == exercise.id.defaultTitle)
            #expect(exercise.maxScore == 10)
            #expect(exercise.template == "Exercises/\(exercise.id.rawValue)/\(exercise.file)")
            #expect(exercise.reference == "ReferenceSolutions/\(exercise.file)")
            for path in [exercise.template, exercise.reference] {
                #expect(FileManager.default.fileExists(atPath: configuration.baseDirectory + "/" + path), "\(path)")
            }
            for quantity in exercise.id.quantities {
                #expect(exercise.points(quantity) == quantity.defaultPoints, "\(quantity.rawValue)")
            }
        }
        let fc = try #require(configuration.exercise(.fcBackward))
        #expect(fc.pointsByQuantity == [.fullyConnectedBackward: 4, .fullyConnectedDW: 3, .fullyConnectedDB: 3])
        #expect(try #require(configuration.exercise(.lossBackward)).points(.softmaxWithLossBackward) == 5)
        #expect(fc.points(.sigmoidBackward) == 0)
    }

    @Test("the valid test document parses, with its values")
    func validDocumentParses() throws {
        let configuration = try parse(try serialise(validDocument()))
        #expect(configuration.seed == 2026)
        #expect(configuration.baseDirectory == "/course")
        #expect(configuration.exercises.map(\.title) == ["FC", "Activations", "Losses"])
        #expect(configuration.exercises.allSatisfy { !$0.largeCase && $0.randomCases == 8 })
    }

    @Test("a bad configuration is refused with a ConfigError naming the key", arguments: BrokenConfigurationCase.all)
    func refused(_ broken: BrokenConfigurationCase) throws {
        var document = validDocument()
        broken.change(&document)
        let data = try serialise(document)
        let error = try #require(throws: ConfigError.self) { try parse(data) }
        #expect(broken.refusal.matches(error), "expected \(broken.refusal), got \(error)")
        #expect(error.description.contains("'\(broken.refusal.key)'"), "\(error.description)")
        #expect(error.description.hasPrefix("grader.json: "))
    }

    @Test(
        "text that is not JSON is refused as invalid JSON",
        arguments: ["{ \"seed\": ", "", "seed = 1", "{\"seed\": 1,}x"])
    func notJSON(text: String) throws {
        let error = try #require(throws: ConfigError.self) { try parse(Data(text.utf8)) }
        guard case .invalidJSON(let path, _) = error else {
            Issue.record("expected invalidJSON, got \(error)")
            return
        }
        #expect(path == "grader.json")
        #expect(error.description.hasPrefix("grader.json is not valid JSON"))
    }

    @Test("a top level that is not an object is refused", arguments: ["[1, 2]", "[]", "\"grader\"", "42", "null"])
    func topLevelNotAnObject(text: String) throws {
        let error = try #require(throws: ConfigError.self) { try parse(Data(text.utf8)) }
        guard case .wrongType(let key, let expected, _) = error else {
            Issue.record("expected wrongType, got \(error)")
            return
        }
        #expect(key == "(top level)")
        #expect(expected == "an object")
        #expect(error.description.contains("(top level)"))
    }

    @Test("descriptions name the key and say what is wrong")
    func descriptions() throws {
        var document = validDocument()
        document["seed"] = "2026"
        let wrongType = try #require(throws: ConfigError.self) { try parse(try serialise(document)) }
        #expect(wrongType == .wrongType(key: "seed", expected: "a whole number", found: "a string"))
        #expect(wrongType.description == "grader.json: 'seed' must be a whole number, found a string")

        document = validDocument()
        document["timeLimitSeconds"] = true
        let boolean = try #require(throws: ConfigError.self) { try parse(try serialise(document)) }
        #expect(boolean == .wrongType(key: "timeLimitSeconds", expected: "a number", found: "a boolean"))

        document = validDocument()
        editExercise(&document, 0) { $0["points"] = nil }
        let missing = try #require(throws: ConfigError.self) { try parse(try serialise(document)) }
        #expect(missing.description == "grader.json: missing key 'exercises[0].points'")

        document = validDocument()
        editTolerance(&document) { $0["abs"] = 1 }
        let unknown = try #require(throws: ConfigError.self) { try parse(try serialise(document)) }
        #expect(unknown.description == "grader.json: unknown key 'tolerance.abs'")

        document = validDocument()
        document["formatVersion"] = 2
        let version = try #require(throws: ConfigError.self) { try parse(try serialise(document)) }
        #expect(version.description.contains("'formatVersion'") && version.description.contains("2"))

        document = validDocument()
        editExercise(&document, 1) { $0["id"] = "relu-backward" }
        let id = try #require(throws: ConfigError.self) { try parse(try serialise(document)) }
        #expect(id.description.contains("relu-backward"))
        #expect(id.description.contains("fc-backward, activation-backward, loss-backward"))

        document = validDocument()
        editExercise(&document, 0) { $0["file"] = "Activations.swift" }
        let file = try #require(throws: ConfigError.self) { try parse(try serialise(document)) }
        #expect(file.description.contains("FullyConnected.swift"))
    }

    @Test("optional keys take their defaults: randomCases 8, largeCase false, the exercise's title, relative 0")
    func defaults() throws {
        var document = validDocument()
        editTolerance(&document) { $0["relative"] = nil }
        for index in 0..<3 {
            editExercise(&document, index) { exercise in
                exercise["randomCases"] = nil
                exercise["largeCase"] = nil
                exercise["title"] = nil
            }
        }
        let configuration = try parse(try serialise(document))
        #expect(configuration.tolerance == Tolerance(absolute: 1e-5, relative: 0))
        for exercise in configuration.exercises {
            #expect(exercise.randomCases == 8)
            #expect(exercise.largeCase == false)
            #expect(exercise.title == exercise.id.defaultTitle)
        }
    }

    @Test("explicit values are kept: randomCases, largeCase true, a relative term, one exercise only")
    func explicitValues() throws {
        var document = validDocument()
        editTolerance(&document) { $0["relative"] = 0.01 }
        editExercise(&document, 2) { exercise in
            exercise["randomCases"] = 0
            exercise["largeCase"] = true
        }
        document["exercises"] = [(document["exercises"] as! [Any])[2]]
        document["timeLimitSeconds"] = 2.5
        let configuration = try parse(try serialise(document))
        #expect(configuration.tolerance == Tolerance(absolute: 1e-5, relative: 0.01))
        #expect(configuration.timeLimitSeconds == 2.5)
        #expect(configuration.exercises.count == 1)
        let loss = try #require(configuration.exercise(.lossBackward))
        #expect(loss.randomCases == 0 && loss.largeCase)
        #expect(configuration.exercise(.fcBackward) == nil)
    }

    @Test("a missing file is unreadable, naming the path")
    func missingFile() throws {
        let path = "/nonexistent-\(UInt64.random(in: 0...UInt64.max))/grader.json"
        let error = try #require(throws: ConfigError.self) { try CourseConfiguration.load(path: path) }
        #expect(error == .unreadable(path: path, reason: "no such file"))
        #expect(error.description.contains(path))
    }

    @Test("load resolves relative paths against the file's directory")
    func loadFromFile() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "bpg-config-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("course.json")
        try serialise(validDocument()).write(to: file)
        let configuration = try CourseConfiguration.load(path: file.path)
        #expect(configuration.baseDirectory == directory.standardizedFileURL.path)
        #expect(configuration.seed == 2026)
    }

    @Test("the fingerprint is stable and changes with anything that affects grades")
    func fingerprint() throws {
        let base = try parse(try serialise(validDocument()))
        #expect(base.fingerprint == (try parse(try serialise(validDocument()))).fingerprint)
        #expect(base.fingerprint.count == 64)
        var changes: [[String: Any]] = []
        var document = validDocument()
        document["seed"] = 2027
        changes.append(document)
        document = validDocument()
        editPoints(&document, 1) { $0["ReLU.backward"] = 6 }
        changes.append(document)
        document = validDocument()
        editTolerance(&document) { $0["absolute"] = 1e-6 }
        changes.append(document)
        document = validDocument()
        editExercise(&document, 0) { $0["randomCases"] = 9 }
        changes.append(document)
        for changed in changes {
            #expect(try parse(try serialise(changed)).fingerprint != base.fingerprint)
        }
    }
}
