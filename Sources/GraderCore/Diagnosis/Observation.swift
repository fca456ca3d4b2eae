import ExerciseKit

/// One failing case seen from one scored quantity: what a ``Mistake`` is checked against.
///
/// It exists only when the student produced an output and the case's inputs are the ones its class
/// takes, so a mistake's predicate can rely on the expected tensor and on `inputs` having one tensor
/// per input name. The student's output can still have any shape: every helper here checks shapes
/// and counts before it compares or indexes.
public struct Observation: Sendable {
    /// The quantity being diagnosed.
    public let quantity: ScoredQuantity
    /// Its output's description in its class (its name for hints).
    public let output: GradedClass.Output
    /// The case, with the inputs the student's code saw.
    public let testCase: TestCase
    /// The reference outputs of the case's class.
    public let outputs: [Tensor]
    /// The reference output of ``quantity``.
    public let expected: Tensor
    /// The student's output for ``quantity``.
    public let actual: Tensor
    /// The comparison rule.
    public let tolerance: Tolerance

    /// Observes a failing case, or `nil` when there is nothing to compare (no output, or a case that
    /// does not belong to the quantity's class).
    public init?(_ failing: FailingCase, quantity: ScoredQuantity, tolerance: Tolerance) {
        let testCase = failing.testCase
        guard let index = testCase.gradedClass.outputIndex(quantity), let actual = failing.actual,
            failing.expected.indices.contains(index), testCase.inputs.count == testCase.gradedClass.inputs.count
        else { return nil }
        self.quantity = quantity
        self.output = testCase.gradedClass.outputs[index]
        self.testCase = testCase
        self.outputs = failing.expected
        self.expected = failing.expected[index]
        self.actual = actual
        self.tolerance = tolerance
    }

    /// The input named `name` (see ``GradedClass/inputNames``).
    public func input(_ name: String) -> Tensor? {
        testCase.input(name)
    }

    /// The batch size B: the first dimension of the class's batched input (`x`, or `y` for MSE).
    public var batchSize: Int? {
        guard let first = input(testCase.gradedClass.batchInput)?.shape.first, first > 0 else { return nil }
        return first
    }

    /// Whether the output has the expected shape.
    public var hasExpectedShape: Bool { actual.shape == expected.shape }

    /// Whether the output holds a NaN or an infinity.
    public var hasNonFinite: Bool { actual.scalars.contains { !$0.isFinite } }

    // MARK: - Comparisons

    /// Whether `values` agree with `reference` element by element within the tolerance (same count;
    /// the reference plays the part of the expected value).
    public func agree(_ values: [Double], _ reference: [Double]) -> Bool {
        guard values.count == reference.count else { return false }
        for index in values.indices where !tolerance.accepts(values[index], expected: reference[index]) {
            return false
        }
        return true
    }

    /// Whether the output has exactly `candidate`'s shape and, within the tolerance, its values.
    public func isClose(to candidate: Tensor) -> Bool {
        actual.shape == candidate.shape && agree(actual.scalars, candidate.scalars)
    }

    /// Whether the output's row-major values are `values` within the tolerance, whatever its shape.
    public func hasValues(_ values: [Double]) -> Bool {
        agree(actual.scalars, values)
    }

    /// Whether the output has the expected shape and equals the expected value times `factor`.
    public func isExpected(times factor: Double) -> Bool {
        hasExpectedShape && agree(actual.scalars, expected.scalars.map { $0 * factor })
    }

    /// Whether the output has the expected shape and equals the expected value divided by `divisor`.
    public func isExpected(dividedBy divisor: Double) -> Bool {
        divisor != 0 && hasExpectedShape && agree(actual.scalars, expected.scalars.map { $0 / divisor })
    }

    /// The row-major offsets where the output is not within the tolerance of the expected value, or
    /// `nil` when the shapes differ.
    public var wrongOffsets: [Int]? {
        guard hasExpectedShape else { return nil }
        let actualScalars = actual.scalars
        let expectedScalars = expected.scalars
        guard actualScalars.count == expectedScalars.count else { return nil }
        return actualScalars.indices.filter { !tolerance.accepts(actualScalars[$0], expected: expectedScalars[$0]) }
    }

    /// The indices along the first axis ("rows") that hold a wrong value, or `nil` when the shapes
    /// differ or the output has rank below 2.
    public var wrongRows: Set<Int>? {
        guard expected.rank >= 2, let rows = expected.shape.first, rows > 0, let offsets = wrongOffsets else {
            return nil
        }
        let rowSize = expected.scalarCount / rows
        guard rowSize > 0 else { return nil }
        return Set(offsets.map { $0 / rowSize })
    }

    /// The indices along the last axis ("columns"; the entries of a vector) that hold a wrong value,
    /// or `nil` when the shapes differ or the output is a scalar.
    public var wrongColumns: Set<Int>? {
        guard let columns = expected.shape.last, columns > 0, let offsets = wrongOffsets else { return nil }
        return Set(offsets.map { $0 % columns })
    }

    /// A short name of the case for hints, e.g. `case 3 (random)`.
    public var caseName: String { "case \(testCase.index) (\(testCase.kind))" }
}
