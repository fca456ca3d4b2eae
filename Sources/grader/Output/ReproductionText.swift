import ExerciseKit
import GraderCore

/// One case run again, for a student at a terminal: the inputs, then per quantity the verdict and
/// the expected and actual values, compactly, around the largest error.
enum ReproductionText {
    static func render(_ reproduction: Grader.Reproduction, console: Console) -> String {
        let testCase = reproduction.testCase
        var lines = [console.styled("\(testCase.gradedClass.name), \(testCase.label)", .bold), "inputs:"]
        for (input, tensor) in zip(testCase.gradedClass.inputs, testCase.inputs) {
            lines.append("  \(input.name) \(Comparison.format(tensor.shape)):")
            lines.append("    " + TensorText.render(shape: tensor.shape, scalars: tensor.scalars, indent: "    "))
        }
        for (index, result) in reproduction.results.enumerated() {
            let mark = result.status == .passed ? console.styled("✓", .green) : console.styled("✗", .red)
            lines.append("\(mark) \(result.name.rawValue): \(result.status.label)")
            // A passing quantity is one line: its values would only bury the failing ones.
            guard result.status != .passed else { continue }
            let failure = result.failures.first
            lines.append(
                "  "
                    + TerminalText.safe(
                        failure.map { $0.kind == .noResult ? result.message : $0.message } ?? result.message))
            if index < reproduction.expected.count {
                let expected = reproduction.expected[index]
                lines.append("  expected \(Comparison.format(expected.shape)):")
                lines.append(
                    "    "
                        + TensorText.render(
                            shape: expected.shape, scalars: expected.scalars, focus: failure?.position, indent: "    "))
            }
            if case .outputs(let outputs) = reproduction.outcome.results[0], index < outputs.count {
                switch outputs[index] {
                case .tensor(let actual):
                    lines.append("  actual \(Comparison.format(actual.shape)):")
                    lines.append(
                        "    "
                            + TensorText.render(
                                shape: actual.shape, scalars: actual.scalars, focus: failure?.position, indent: "    "))
                case .absent: lines.append("  actual: nil")
                case .oversized(let shape): lines.append("  actual \(Comparison.format(shape)): too large to show")
                }
            }
            if let hint = result.hint { lines.append("  " + console.styled("hint: ", .bold) + TerminalText.safe(hint)) }
        }
        let printed = reproduction.outcome.output
        if !printed.isEmpty {
            lines.append(console.styled("\(testCase.gradedClass.name) printed:", .dim))
            lines += TerminalText.safe(CrashReport.condensed(printed), multiline: true).split(
                separator: "\n", omittingEmptySubsequences: false
            )
            .suffix(TextReport.printedLines).map { "  | " + $0 }
        }
        return lines.joined(separator: "\n")
    }
}
