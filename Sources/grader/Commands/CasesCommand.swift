import ExerciseKit
import Foundation
import GraderCore

/// `grader cases --exercise ID [--case K] [--expected]`: prints generated cases, so a failure can be
/// reproduced by hand from the seed and index in its report.
enum CasesCommand {
    static let spec = CommandSpec(
        name: "cases", usage: "--exercise ID [--case K] [--class NAME] [--expected] [options]",
        summary: "print generated cases (--expected adds answers)",
        details: """
            Without --case: one line per case (class, index, kind, input shapes).
            With --case K: case K's inputs, compactly (every class of the exercise, or only --class NAME);
            --expected adds the reference outputs; --format json prints every number.
            """,
        options: [
            .value("exercise", "ID", "the exercise"), .value("case", "K", "the case to print"),
            .value("class", "NAME", "only this class's case"), .flag("expected", "add the reference outputs"),
            .value("format", "FORMAT", "text (default: compact, long axes elided) or json (every number)"),
            CommandSpec.commonOptions[0], CommandSpec.commonOptions[1],
        ])

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

    static func run(_ parsed: ParsedArguments, console: Console) throws -> ExitStatus {
        let common = try CommonOptions(parsed)
        let format = try parsed.choice("format", ["text", "json"], default: "text")
        let configuration = try common.configuration()
        let exercise = try CommonOptions.exercise(try parsed.required("exercise"), in: configuration, command: "cases")
        let generator = CaseGenerator(
            seed: common.seed ?? configuration.seed, randomCases: exercise.randomCases,
            includeLargeCase: exercise.largeCase)
        var classes = exercise.exercise.classes
        if let name = parsed.value("class") {
            guard let chosen = classes.first(where: { $0.name == name }) else {
                throw UsageError.badValue(
                    command: "cases", option: "--class", value: name,
                    expected: classes.map(\.name).joined(separator: " or "))
            }
            classes = [chosen]
        }
        guard let index = try parsed.integer("case", range: 0...100_000) else {
            for gradedClass in classes {
                for testCase in generator.cases(for: gradedClass) {
                    let shapes = zip(gradedClass.inputs, testCase.inputs).map { "\($0.0.name) \($0.1.shape)" }
                    console.out(
                        "\(gradedClass.name) \(testCase.index)  \(testCase.kind)  " + shapes.joined(separator: ", "))
                }
            }
            return .success
        }
        var printed: [Printed] = []
        var text: [String] = []
        for gradedClass in classes {
            guard let testCase = generator.makeCase(gradedClass, index: index) else {
                throw UsageError.badValue(
                    command: "cases", option: "--case", value: String(index),
                    expected: "a case index below \(generator.caseCount(gradedClass)) for \(gradedClass.name)")
            }
            var inputs: [String: PrintedTensor] = [:]
            for (input, tensor) in zip(gradedClass.inputs, testCase.inputs) {
                inputs[input.name] = PrintedTensor(shape: tensor.shape, scalars: tensor.scalars)
            }
            var expected: [String: PrintedTensor]?
            if parsed.flag("expected") {
                var outputs: [String: PrintedTensor] = [:]
                for (quantity, tensor) in zip(gradedClass.quantities, testCase.expectedOutputs) {
                    outputs[quantity.rawValue] = PrintedTensor(shape: tensor.shape, scalars: tensor.scalars)
                }
                expected = outputs
            }
            printed.append(
                Printed(
                    exercise: exercise.id.rawValue, className: gradedClass.name, index: index, kind: testCase.kind,
                    seed: testCase.seed, inputs: inputs, expected: expected))
            text.append(describe(testCase, expected: parsed.flag("expected"), console: console))
        }
        if format == "json" {
            console.out(String(decoding: try ReportJSON.data(printed), as: UTF8.self).trimmingCharacters(in: .newlines))
        } else {
            console.out(text.joined(separator: "\n\n"))
        }
        return .success
    }

    /// A case for people: its inputs, and its expected outputs, numpy-like with long axes elided.
    static func describe(_ testCase: TestCase, expected: Bool, console: Console) -> String {
        let gradedClass = testCase.gradedClass
        var lines = [console.styled("\(gradedClass.name), \(testCase.label)", .bold)]
        var named = zip(gradedClass.inputs.map(\.name), testCase.inputs).map { ($0.0, $0.1) }
        if expected {
            named += zip(gradedClass.quantities.map { "expected \($0.rawValue)" }, testCase.expectedOutputs).map {
                ($0.0, $0.1)
            }
        }
        for (name, tensor) in named {
            lines.append("  \(name) \(Comparison.format(tensor.shape)):")
            lines.append("    " + TensorText.render(shape: tensor.shape, scalars: tensor.scalars, indent: "    "))
        }
        return lines.joined(separator: "\n")
    }
}
