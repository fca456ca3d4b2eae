import ExerciseKit
import PluginWire

/// Everything about an exercise's grading that does not depend on the student: the cases, their
/// wire-encoded inputs, and the reference outputs. Made once per seed and shared by every submission
/// of a batch.
public struct GradingPlan: Sendable {
    /// One class's cases, inputs and expected outputs, index-aligned.
    public struct ClassPlan: Sendable {
        /// The class.
        public var gradedClass: GradedClass
        /// The cases.
        public var cases: [TestCase]
        /// Each case's inputs, encoded for the worker.
        public var encodedInputs: [[UInt8]]
        /// Each case's reference outputs, in ``GradedClass/outputs`` order.
        public var expected: [[Tensor]]

        /// Per case, the most output scalars taken back from a worker: four times the expected
        /// outputs' and 4096 more, so that a wrong shape is still seen, but a flood is not carried.
        public var maximumScalars: [UInt64] {
            expected.map { outputs in UInt64(4 * outputs.reduce(0) { $0 + $1.scalarCount } + 4096) }
        }

        /// Makes the plan of one class.
        public init(gradedClass: GradedClass, generator: CaseGenerator) {
            self.gradedClass = gradedClass
            cases = generator.cases(for: gradedClass)
            encodedInputs = cases.map { testCase in
                BPGWireCodec.encode(testCase.inputs.map { BPGWireTensor(shape: $0.shape, scalars: $0.scalars) })
            }
            expected = cases.map(\.expectedOutputs)
        }
    }

    /// The exercise's configuration.
    public var exercise: ExerciseConfiguration
    /// The seed.
    public var seed: UInt64
    /// Per class, in grading order.
    public var classes: [ClassPlan]

    /// Generates the cases and computes the reference outputs.
    ///
    /// - Complexity: one reference run per case; the MNIST-scale fc-backward case dominates.
    public init(exercise: ExerciseConfiguration, seed: UInt64) {
        self.exercise = exercise
        self.seed = seed
        let generator = CaseGenerator(
            seed: seed, randomCases: exercise.randomCases, includeLargeCase: exercise.largeCase)
        classes = exercise.exercise.classes.map { ClassPlan(gradedClass: $0, generator: generator) }
    }

    /// The plan of `gradedClass`.
    public func plan(of gradedClass: GradedClass) -> ClassPlan? {
        classes.first { $0.gradedClass == gradedClass }
    }
}
