import ExerciseKit
import Foundation
import GraderCore

/// `grader cases --exercise ID [--case K] [--expected]`: prints generated cases, so a failure can be
/// reproduced by hand from the seed and index in its report.
enum CasesCommand {
    static let help = """
        usage: grader cases --exercise ID [--case K] [--class NAME] [--expected] [--seed N] [--config FILE]

        Without --case: one line per case (class, index, kind, input shapes).
        With --case K: case K's inputs as JSON (every class of the exercise, or only --class NAME);
        --expected adds the reference outputs.
        """

    struct Printed: Encodable {
        var exercise: String
        var className: String
        var index: Int
        var kind: String
        var seed: UInt64
        var inputs: [String: PrintedTensor]
        var expected: [String: PrintedTensor]?

        enum CodingKeys: String, CodingKey {
            case exercise, index, kind, seed, inputs, expected
            case className = "class"
        }
    }

    struct PrintedTensor: Encodable {
        var shape: [Int]
        var scalars: [Double]
    }

    static func run(_ arguments: [String], console: Console) throws -> Int32 {
        let parsed = try ParsedArguments(
            arguments, command: "cases", options: ["config", "seed", "exercise", "case", "class"], flags: ["expected"],
            positionals: 0)
        if parsed.wantsHelp {
            console.out(help)
            return 0
        }
        let common = try CommonOptions(parsed)
        let configuration = try common.configuration()
        let exercise = try CommonOptions.exercise(try parsed.required("exercise", command: "cases"), in: configuration)
        let generator = CaseGenerator(
            seed: common.seed ?? configuration.seed, randomCases: exercise.randomCases,
            includeLargeCase: exercise.largeCase)
        var classes = exercise.id.gradedClasses
        if let name = parsed.value("class") {
            guard let chosen = classes.first(where: { $0.className == name }) else {
                throw UsageError.badValue(
                    option: "--class", value: name, expected: classes.map(\.className).joined(separator: " or "))
            }
            classes = [chosen]
        }
        guard let index = try parsed.integer("case", range: 0...100_000) else {
            for gradedClass in classes {
                for testCase in generator.cases(for: gradedClass) {
                    let shapes = zip(gradedClass.inputNames, testCase.inputs).map { "\($0.0) \($0.1.shape)" }
                    console.out(
                        "\(gradedClass.className) \(testCase.index)  \(testCase.kind)  "
                            + shapes.joined(separator: ", "))
                }
            }
            return 0
        }
        var printed: [Printed] = []
        for gradedClass in classes {
            guard let testCase = generator.makeCase(gradedClass, index: index) else {
                throw UsageError.badValue(
                    option: "--case", value: String(index),
                    expected: "a case index below \(generator.caseCount(gradedClass)) for \(gradedClass.className)")
            }
            var inputs: [String: PrintedTensor] = [:]
            for (name, tensor) in zip(gradedClass.inputNames, testCase.inputs) {
                inputs[name] = PrintedTensor(shape: tensor.shape, scalars: tensor.scalars)
            }
            var expected: [String: PrintedTensor]?
            if parsed.flag("expected") {
                var outputs: [String: PrintedTensor] = [:]
                for (quantity, tensor) in zip(gradedClass.quantities, ReferenceRunner.expectedOutputs(for: testCase)) {
                    outputs[quantity.rawValue] = PrintedTensor(shape: tensor.shape, scalars: tensor.scalars)
                }
                expected = outputs
            }
            printed.append(
                Printed(
                    exercise: exercise.id.rawValue, className: gradedClass.className, index: index, kind: testCase.kind,
                    seed: testCase.seed, inputs: inputs, expected: expected))
        }
        console.out(String(decoding: try ReportJSON.data(printed), as: UTF8.self).trimmingCharacters(in: .newlines))
        return 0
    }
}
