import ExerciseKit

/// A case on which a scored quantity failed with an output to look at: what diagnosis works from.
public struct FailingCase: Sendable {
    /// The case (its inputs are the ones the student's code saw).
    public var testCase: TestCase
    /// The reference outputs of the case's class, in ``GradedClass/quantities`` order.
    public var expected: [Tensor]
    /// The student's output for the quantity being diagnosed (`nil` when it was not produced).
    public var actual: Tensor?

    /// Creates a failing case.
    public init(testCase: TestCase, expected: [Tensor], actual: Tensor?) {
        self.testCase = testCase
        self.expected = expected
        self.actual = actual
    }
}
