import ExerciseKit

/// Makes the cases of SPEC section 4 for each graded class: the seed's sample, random cases with
/// random shapes, and edge cases.
///
/// Case `i` of a class depends only on `(seed, exercise, class, i)` and the generator's settings for
/// that class, so the same seed gives the same bytes on every machine, and a case can be printed on
/// its own (`grader cases --exercise ID --case K`). Input values are multiples of 1/1024, so they print
/// exactly.
public struct CaseGenerator: Sendable {
    /// The course seed.
    public var seed: UInt64
    /// Random cases per class, after the sample.
    public var randomCases: Int
    /// Whether the classes' large edge cases run too (fc-backward's x (256, 28, 28), W (784, 512)).
    public var includeLargeCase: Bool

    /// Creates a generator.
    ///
    /// - Parameters:
    ///   - seed: the course seed (`grader.json`'s `seed`, or `--seed`).
    ///   - randomCases: how many random cases each class gets.
    ///   - includeLargeCase: whether the large edge cases run (`grader.json`'s `largeCase`).
    public init(seed: UInt64, randomCases: Int = 8, includeLargeCase: Bool = false) {
        self.seed = seed
        self.randomCases = max(0, randomCases)
        self.includeLargeCase = includeLargeCase
    }

    /// A class's edge cases, in order, after the sample and the random cases (the large ones only
    /// with ``includeLargeCase``).
    public func edgeCases(_ gradedClass: GradedClass) -> [GradedClass.EdgeCase] {
        gradedClass.edgeCases.filter { !$0.isLarge || includeLargeCase }
    }

    /// The names of a class's edge cases, in order.
    public func edgeCaseNames(_ gradedClass: GradedClass) -> [String] { edgeCases(gradedClass).map(\.name) }

    /// How many cases a class gets.
    public func caseCount(_ gradedClass: GradedClass) -> Int {
        1 + randomCases + edgeCases(gradedClass).count
    }

    /// Every case of a class, in index order.
    public func cases(for gradedClass: GradedClass) -> [TestCase] {
        let edges = edgeCases(gradedClass)
        return (0..<(1 + randomCases + edges.count)).compactMap { makeCase(gradedClass, index: $0, edges: edges) }
    }

    /// Case `index` of a class, or `nil` when the class has fewer cases.
    ///
    /// - Complexity: O(size of the case); other cases are not generated.
    public func makeCase(_ gradedClass: GradedClass, index: Int) -> TestCase? {
        makeCase(gradedClass, index: index, edges: edgeCases(gradedClass))
    }

    private func makeCase(_ gradedClass: GradedClass, index: Int, edges: [GradedClass.EdgeCase]) -> TestCase? {
        guard index >= 0, index < 1 + randomCases + edges.count else { return nil }
        var random = CaseRandom(
            seed: seed, exercise: gradedClass.exercise, className: gradedClass.name, index: index)
        let kind: String
        let inputs: [Tensor]
        if index == 0 {
            kind = "sample"
            inputs = gradedClass.sample
        } else if index <= randomCases {
            kind = "random"
            inputs = gradedClass.random(&random)
        } else {
            let edge = edges[index - randomCases - 1]
            kind = edge.name
            inputs = edge.make(&random)
        }
        return TestCase(gradedClass: gradedClass, index: index, seed: seed, kind: kind, inputs: inputs)
    }
}
