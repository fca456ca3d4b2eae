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
    /// Whether fc-backward also gets the large case: x (256, 28, 28), W (784, 512).
    public var includeLargeCase: Bool

    /// Creates a generator.
    ///
    /// - Parameters:
    ///   - seed: the course seed (`grader.json`'s `seed`, or `--seed`).
    ///   - randomCases: how many random cases each class gets.
    ///   - includeLargeCase: whether fc-backward gets its large (256, 28, 28) case.
    public init(seed: UInt64, randomCases: Int = 8, includeLargeCase: Bool = false) {
        self.seed = seed
        self.randomCases = max(0, randomCases)
        self.includeLargeCase = includeLargeCase
    }

    /// The names of a class's edge cases, in order, after the sample and the random cases.
    public func edgeCaseNames(_ gradedClass: GradedClass) -> [String] {
        switch gradedClass {
        case .fullyConnected:
            ["batch-of-one", "rank-4-input", "square-weights", "mnist-scale"] + (includeLargeCase ? ["large"] : [])
        case .sigmoid: ["saturated", "batch-of-one", "zeros"]
        case .relu: ["exact-zeros", "batch-of-one", "all-negative"]
        case .softmaxWithLoss: ["large-logits", "batch-of-one", "two-classes"]
        case .meanSquaredError: ["batch-of-one", "perfect-prediction", "large-values"]
        }
    }

    /// How many cases a class gets.
    public func caseCount(_ gradedClass: GradedClass) -> Int {
        1 + randomCases + edgeCaseNames(gradedClass).count
    }

    /// Every case of a class, in index order.
    public func cases(for gradedClass: GradedClass) -> [TestCase] {
        (0..<caseCount(gradedClass)).compactMap { makeCase(gradedClass, index: $0) }
    }

    /// Case `index` of a class, or `nil` when the class has fewer cases.
    ///
    /// - Complexity: O(size of the case); other cases are not generated.
    public func makeCase(_ gradedClass: GradedClass, index: Int) -> TestCase? {
        guard index >= 0, index < caseCount(gradedClass) else { return nil }
        var random = CaseRandom(
            seed: seed, exercise: gradedClass.exercise, className: gradedClass.className, index: index)
        let kind: String
        let inputs: [Tensor]
        if index == 0 {
            kind = "sample"
            inputs = CaseGenerator.sample(gradedClass)
        } else if index <= randomCases {
            kind = "random"
            inputs = randomInputs(gradedClass, &random)
        } else {
            kind = edgeCaseNames(gradedClass)[index - randomCases - 1]
            inputs = edgeInputs(gradedClass, kind, &random)
        }
        return TestCase(gradedClass: gradedClass, index: index, seed: seed, kind: kind, inputs: inputs)
    }

    // MARK: - Samples (SPEC section 3)

    static func sample(_ gradedClass: GradedClass) -> [Tensor] {
        switch gradedClass {
        case .fullyConnected:
            [
                Tensor([[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]]), Tensor([0.1, 0.2, 0.3]),
                Tensor([[1, 2], [3, 4]]), Tensor([[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]]),
            ]
        case .sigmoid, .relu:
            [Tensor([[-1, 0, 1]]), Tensor([[1, 2, 3]])]
        case .softmaxWithLoss:
            [Tensor([[-1, 0, 1], [-2, 0, 2]]), Tensor([1, 2])]
        case .meanSquaredError:
            [Tensor([[-1, 0, 1], [-2, 0, 2]]), Tensor.zeros([2, 3])]
        }
    }

    // MARK: - Random cases

    func randomInputs(_ gradedClass: GradedClass, _ random: inout CaseRandom) -> [Tensor] {
        let batch = random.int(in: 1...64)
        switch gradedClass {
        case .fullyConnected:
            let rank = random.int(in: 2...4)
            let features: [Int]
            switch rank {
            case 2: features = [random.int(in: 1...128)]
            case 3: features = [random.int(in: 1...12), random.int(in: 1...10)]
            default: features = [random.int(in: 1...5), random.int(in: 1...5), random.int(in: 1...5)]
            }
            return fullyConnectedInputs(batch: batch, features: features, outputs: random.int(in: 1...128), &random)
        case .sigmoid, .relu:
            let shape = [batch, random.int(in: 1...128)]
            return [uniform(shape, -4, 4, &random), uniform(shape, -1, 1, &random)]
        case .softmaxWithLoss:
            return softmaxInputs(batch: batch, classes: random.int(in: 2...128), scale: 5, &random)
        case .meanSquaredError:
            let shape = [batch, random.int(in: 1...128)]
            return [uniform(shape, -2, 2, &random), uniform(shape, -2, 2, &random)]
        }
    }

    // MARK: - Edge cases (SPEC section 4)

    func edgeInputs(_ gradedClass: GradedClass, _ name: String, _ random: inout CaseRandom) -> [Tensor] {
        switch (gradedClass, name) {
        case (.fullyConnected, "batch-of-one"):
            return fullyConnectedInputs(batch: 1, features: [7], outputs: 5, &random)
        case (.fullyConnected, "rank-4-input"):
            return fullyConnectedInputs(batch: 3, features: [2, 3, 4], outputs: 6, &random)
        case (.fullyConnected, "square-weights"):
            return fullyConnectedInputs(batch: 4, features: [6], outputs: 6, &random)
        case (.fullyConnected, "mnist-scale"):
            return fullyConnectedInputs(batch: 64, features: [28, 28], outputs: 128, &random)
        case (.fullyConnected, _):
            return fullyConnectedInputs(batch: 256, features: [28, 28], outputs: 512, &random)
        case (.sigmoid, "saturated"):
            let shape = [8, 16]
            let x = Tensor(
                shape: shape,
                scalars: (0..<128).map { _ in
                    let magnitude = random.roundedUniform(30, 60)
                    return random.next() & 1 == 0 ? magnitude : -magnitude
                })
            return [x, uniform(shape, -1, 1, &random)]
        case (.sigmoid, "zeros"):
            return [Tensor.zeros([4, 5]), uniform([4, 5], -1, 1, &random)]
        case (.relu, "exact-zeros"):
            let shape = [6, 10]
            var x = uniform(shape, -2, 2, &random)
            for row in 0..<6 {
                for column in 0..<10 where row == 2 || random.next() % 3 == 0 { x[row, column] = 0 }
            }
            return [x, uniform(shape, -1, 1, &random)]
        case (.relu, "all-negative"):
            let shape = [5, 9]
            return [uniform(shape, -3, -0.01, &random), uniform(shape, -1, 1, &random)]
        case (.sigmoid, _), (.relu, _):
            let shape = [1, random.int(in: 2...32)]
            return [uniform(shape, -4, 4, &random), uniform(shape, -1, 1, &random)]
        case (.softmaxWithLoss, "large-logits"):
            var inputs = softmaxInputs(batch: 6, classes: 10, scale: 1, &random)
            inputs[0] = inputs[0].map { value in
                let magnitude = 500 + 500 * abs(value)
                return value < 0 ? -magnitude : magnitude
            }
            return inputs
        case (.softmaxWithLoss, "two-classes"):
            return softmaxInputs(batch: 9, classes: 2, scale: 5, &random)
        case (.softmaxWithLoss, _):
            return softmaxInputs(batch: 1, classes: random.int(in: 3...20), scale: 5, &random)
        case (.meanSquaredError, "perfect-prediction"):
            let y = uniform([4, 7], -2, 2, &random)
            return [y, y]
        case (.meanSquaredError, "large-values"):
            return [uniform([5, 6], -1000, 1000, &random), uniform([5, 6], -1000, 1000, &random)]
        case (.meanSquaredError, _):
            let shape = [1, random.int(in: 2...32)]
            return [uniform(shape, -2, 2, &random), uniform(shape, -2, 2, &random)]
        }
    }

    // MARK: - Helpers

    func uniform(_ shape: [Int], _ low: Double, _ high: Double, _ random: inout CaseRandom) -> Tensor {
        let count = shape.reduce(1, *)
        return Tensor(shape: shape, scalars: (0..<count).map { _ in random.roundedUniform(low, high) })
    }

    func fullyConnectedInputs(batch: Int, features: [Int], outputs: Int, _ random: inout CaseRandom) -> [Tensor] {
        let inputSize = features.reduce(1, *)
        let weights = uniform([inputSize, outputs], -1, 1, &random)
        let bias = uniform([outputs], -1, 1, &random)
        let x = uniform([batch] + features, -1, 1, &random)
        let dout = uniform([batch, outputs], -1, 1, &random)
        return [weights, bias, x, dout]
    }

    func softmaxInputs(batch: Int, classes: Int, scale: Double, _ random: inout CaseRandom) -> [Tensor] {
        let x = uniform([batch, classes], -scale, scale, &random)
        let labels = Tensor((0..<batch).map { _ in Double(random.int(in: 0...(classes - 1))) })
        return [x, labels]
    }
}
