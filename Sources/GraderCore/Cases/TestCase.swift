import ExerciseKit

/// One input a graded class is run on: made by ``CaseGenerator`` from `(seed, exercise, class, index)`.
public struct TestCase: Sendable {
    /// The class this case drives.
    public var gradedClass: GradedClass
    /// The case's index within its class: with the seed, what a student needs to reproduce it.
    public var index: Int
    /// The seed it was generated from.
    public var seed: UInt64
    /// What kind of case it is: `sample`, `random`, or an edge case's name (e.g. `batch-of-one`).
    public var kind: String
    /// The inputs, in ``GradedClass/inputs`` order.
    public var inputs: [Tensor]

    /// The input named `name`, if the class has it.
    public func input(_ name: String) -> Tensor? {
        guard let position = gradedClass.inputNames.firstIndex(of: name), position < inputs.count else {
            return nil
        }
        return inputs[position]
    }

    /// A one-line label for messages, e.g. `case 3 (random, seed 42)`.
    public var label: String { "case \(index) (\(kind), seed \(seed))" }
}

extension TestCase {
    /// The reference outputs of this case: what the class's reference computes, in output order.
    public var expectedOutputs: [Tensor] { gradedClass.reference(inputs) }
}
