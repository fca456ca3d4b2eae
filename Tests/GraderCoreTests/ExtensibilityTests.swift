// Issue 14: a fourth exercise is a class value and an exercise in a catalog, written outside the
// library. This file defines a Tanh layer (its cases, reference, glue and one classic mistake),
// writes a course configuration and the students' files, and grades them end to end through the
// public API, with the real compiler and sandbox, without a line of GraderCore knowing about Tanh.

import ExerciseKit
import Foundation
import GraderCore
import Testing

extension ScoredQuantity {
    static let tanhBackward: ScoredQuantity = "Tanh.backward"
}

extension GradedClass {
    /// y = tanh(x); backward gives dout·(1 - y²).
    static let tanh = GradedClass(
        name: "Tanh", exercise: "tanh-backward", inputs: [.init("x"), .init("dout")], batchInput: "x",
        outputs: [
            .init(
                .tanhBackward, description: "the gradient returned by backward", shortName: "Tanh gradient",
                variable: "dx")
        ],
        sample: [Tensor([[-1, 0, 1]]), Tensor([[1, 2, 3]])],
        random: { random in
            let shape = [random.int(in: 1...16), random.int(in: 1...32)]
            return [random.tensor(shape, -3, 3), random.tensor(shape, -1, 1)]
        },
        edgeCases: [
            .init("saturated") { random in [random.tensor([4, 8], 20, 40), random.tensor([4, 8], -1, 1)] }
        ],
        reference: { inputs in
            let y = inputs[0].map { Foundation.tanh($0) }
            return [inputs[1] * (1.0 - y * y)]
        },
        glue: [
            .init("let layer = Tanh()", expects: "init()"),
            .init(
                "let _: ExerciseKit.Tensor = layer.forward(inputs[0])", expects: "func forward(_ x: Tensor) -> Tensor"),
            .init(
                "let dx: ExerciseKit.Tensor = layer.backward(inputs[1])",
                expects: "func backward(_ dout: Tensor) -> Tensor"),
        ],
        mistakes: [
            Mistake(
                id: "tanh.derivative-of-input", quantities: [.tanhBackward],
                headline: { _ in "Your Tanh gradient uses the input x where the output y belongs" },
                advice: { _ in "return dout·(1 - y²) with y = tanh(x) saved in forward()." },
                matches: { observation in
                    guard let x = observation.input("x"), let dout = observation.input("dout") else { return false }
                    return observation.isClose(to: dout * (1.0 - x * x))
                })
        ])
}

@Suite("A new exercise, defined outside the library", .serialized)
struct ExtensibilityTests {
    static let exercise = Exercise(
        id: "tanh-backward", fileName: "Tanh.swift", defaultTitle: "Backward pass of Tanh", classes: [.tanh])

    /// A Tanh.swift whose backward is `body`.
    static func source(backward body: String, name: String = "Tanh") -> String {
        """
        import ExerciseKit
        import Foundation

        final class \(name) {
            var y: Tensor?
            init() {}
            func forward(_ x: Tensor) -> Tensor {
                let out = x.map { Foundation.tanh($0) }
                y = out
                return out
            }
            func backward(_ dout: Tensor) -> Tensor {
                \(body)
            }
        }

        """
    }

    static let right = source(backward: "guard let y else { return dout }\n        return dout * (1.0 - y * y)")

    /// The course: its configuration, the reference and the template, in a folder of their own.
    func course(in scratch: Scratch) throws -> CourseConfiguration {
        try Self.right.write(toFile: scratch.path + "/Reference.swift", atomically: true, encoding: .utf8)
        try Self.source(backward: "notImplemented(\"Tanh.backward\")").write(
            toFile: scratch.path + "/Template.swift", atomically: true, encoding: .utf8)
        let json = """
            { "formatVersion": 1, "seed": 11, "tolerance": { "absolute": 1e-5 }, "timeLimitSeconds": 10,
              "memoryLimitMB": 2048,
              "exercises": [ { "id": "tanh-backward", "file": "Tanh.swift", "template": "Template.swift",
                               "reference": "Reference.swift", "randomCases": 4,
                               "points": { "Tanh.backward": 10 } } ] }
            """
        try json.write(toFile: scratch.path + "/grader.json", atomically: true, encoding: .utf8)
        return try CourseConfiguration.load(
            path: scratch.path + "/grader.json", catalog: ExerciseCatalog([Self.exercise]))
    }

    @Test("a Tanh exercise, its students and their mistakes, graded end to end")
    func tanhEndToEnd() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let configuration = try course(in: scratch)
        #expect(configuration.exercises.map(\.id) == ["tanh-backward"])
        let grader = try Grader.make(
            configuration: configuration, workerExecutable: TestEnvironment.graderBinary,
            home: GraderHome(root: TestEnvironment.packageRoot))
        let students = [
            "right": Self.right,
            "mistaken": Self.right.replacingOccurrences(
                of: "var y: Tensor?", with: "var y: Tensor?\n    var x: Tensor?"
            )
            .replacingOccurrences(of: "y = out", with: "y = out\n        self.x = x")
            .replacingOccurrences(
                of: "return dout * (1.0 - y * y)", with: "let x = self.x ?? y\n        return dout * (1.0 - x * x)"),
            "template": Self.source(backward: "notImplemented(\"Tanh.backward\")"),
            "renamed": Self.source(backward: "return dout", name: "TanhLayer"),
        ]
        for (name, text) in students {
            try FileManager.default.createDirectory(
                atPath: scratch.path + "/class/" + name, withIntermediateDirectories: true)
            try text.write(toFile: scratch.path + "/class/\(name)/Tanh.swift", atomically: true, encoding: .utf8)
        }
        let result = try BatchGrader(
            grader: grader,
            options: .init(
                directory: scratch.path + "/class", outputDirectory: scratch.path + "/out",
                exercises: ["tanh-backward"],
                jobs: 2, resume: false)
        ).run()
        func method(_ student: String) throws -> MethodResult {
            try #require(result.reports[StudentID(student)]?["tanh-backward"]?.methods.first, "\(student)")
        }
        let right = try method("right")
        #expect(right.status == .passed && right.score == 10, "\(right.message)")
        #expect(right.casesTotal == 1 + 4 + 1)
        #expect(try method("template").status == .notImplemented)
        let mistaken = try method("mistaken")
        #expect(mistaken.status == .wrongValues, "\(mistaken.message)")
        #expect(mistaken.mistake == "tanh.derivative-of-input", "\(mistaken.message)")
        #expect(mistaken.hint?.hasPrefix("Your Tanh gradient uses the input x") == true)
        let renamed = try method("renamed")
        #expect(renamed.status == .missingMember)
        #expect(renamed.message.contains("final class Tanh { init(); func forward(_ x: Tensor) -> Tensor;"))
        let summary = try #require(result.summary)
        #expect(summary.exercises.map(\.exercise) == ["tanh-backward"])
        #expect(summary.exercises.first?.passRate[.tanhBackward] == 0.25)
    }

    @Test("the Tanh mistake is named on the cases it explains")
    func tanhMistakeIsNamed() throws {
        let generator = CaseGenerator(seed: 11, randomCases: 4)
        let failing = generator.cases(for: .tanh).map { testCase in
            let x = testCase.inputs[0]
            return FailingCase(
                testCase: testCase, expected: testCase.expectedOutputs, actual: testCase.inputs[1] * (1.0 - x * x))
        }
        let diagnosis = try #require(
            MistakeCatalog.diagnosis(.tanhBackward, in: .tanh, failing: failing, tolerance: .standard))
        #expect(diagnosis.mistake.id == "tanh.derivative-of-input")
        #expect(diagnosis.hint.hasPrefix("Your Tanh gradient uses the input x"))
    }
}
