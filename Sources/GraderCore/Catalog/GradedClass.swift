import ExerciseKit

/// A class a student implements, and everything the grader knows about it: its inputs, the
/// quantities it is scored on, its cases, its reference, the glue that drives it, and the mistakes
/// students classically make in it.
///
/// One value per class, each in its own file (`GradedClass+Sigmoid.swift`), registered in an
/// ``Exercise`` of an ``ExerciseCatalog``: adding a class is adding a file and registering it. The
/// grader drives an instance the way the exercise pages do: make it, call forward, then backward
/// (the ``glue``); each class runs in its own worker process, so a crash or a timeout in one costs
/// that class's quantities only.
public struct GradedClass: Sendable, Hashable, CustomStringConvertible {
    /// One input of a case, in wire order.
    public struct Input: Sendable, Equatable {
        /// Its name in messages and in `grader cases`: `x`, `dout`.
        public var name: String
        /// Whether it carries whole numbers (class labels), printed without decimals.
        public var isLabels: Bool

        /// Creates an input.
        public init(_ name: String, labels: Bool = false) {
            self.name = name
            self.isLabels = labels
        }
    }

    /// One scored output of the class, in the order the glue delivers them.
    public struct Output: Sendable, Equatable {
        /// The scored quantity, e.g. `FullyConnected.dW`.
        public var quantity: ScoredQuantity
        /// What the student's code returns for it, for messages: `dW after backward`.
        public var description: String
        /// What a student calls it, for hints: `dW`, `Sigmoid gradient`.
        public var shortName: String
        /// The glue's variable that holds it.
        public var variable: String

        /// Creates an output.
        public init(_ quantity: ScoredQuantity, description: String, shortName: String, variable: String) {
            self.quantity = quantity
            self.description = description
            self.shortName = shortName
            self.variable = variable
        }
    }

    /// An edge case: a name (`batch-of-one`) and how its inputs are made.
    public struct EdgeCase: Sendable {
        /// Its name, the case's kind in reports.
        public var name: String
        /// Whether it runs only with `largeCase` on (a case too slow for every run).
        public var isLarge: Bool
        /// Makes the inputs from the case's own random generator.
        public var make: @Sendable (inout CaseRandom) -> [Tensor]

        /// Creates an edge case.
        public init(_ name: String, large: Bool = false, make: @escaping @Sendable (inout CaseRandom) -> [Tensor]) {
            self.name = name
            self.isLarge = large
            self.make = make
        }
    }

    /// One line of the glue, the grader's code that drives the class: Swift that reads `inputs`
    /// (the case's tensors, `ExerciseKit.Tensor`) and binds what the next lines use.
    public struct GlueLine: Sendable, Equatable {
        /// The code.
        public var code: String
        /// The declaration of the student's that the line needs, as the student writes it
        /// (`func backward(_ dout: Tensor) -> Tensor`); `nil` for a line of the grader's alone.
        public var expects: String?

        /// Creates a line.
        public init(_ code: String, expects: String? = nil) {
            self.code = code
            self.expects = expects
        }

        /// The student's member the line calls, for messages: `backward` for `func backward(…)`,
        /// `init` for `init(W: Tensor, b: Tensor)`, `dW` for `var dW: Tensor?`.
        public var member: String? {
            guard let expects else { return nil }
            var words = Substring(expects)
            for keyword in ["func ", "var ", "let "] where words.hasPrefix(keyword) {
                words = words.dropFirst(keyword.count)
            }
            let name = words.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
            return name.isEmpty ? nil : String(name)
        }
    }

    /// The class's name, which a submission must declare.
    public let name: String
    /// The exercise it belongs to (part of every case's address).
    public let exercise: ExerciseID
    /// Its inputs, in wire order.
    public let inputs: [Input]
    /// The input whose first dimension is the batch size B.
    public let batchInput: String
    /// Its scored outputs.
    public let outputs: [Output]
    /// The exercise page's sample inputs (case 0).
    public let sample: [Tensor]
    /// Makes a random case's inputs.
    public let random: @Sendable (inout CaseRandom) -> [Tensor]
    /// The edge cases, in order after the random ones.
    public let edgeCases: [EdgeCase]
    /// The reference: the outputs the class must produce for the inputs, in ``outputs`` order.
    public let reference: @Sendable ([Tensor]) -> [Tensor]
    /// The glue's lines (see ``GlueLine``).
    public let glue: [GlueLine]
    /// The mistakes students make in this class, most specific first (generic ones come after all of
    /// them, see ``MistakeCatalog``).
    public let mistakes: [Mistake]

    /// Creates a graded class.
    public init(
        name: String, exercise: ExerciseID, inputs: [Input], batchInput: String, outputs: [Output],
        sample: [Tensor], random: @escaping @Sendable (inout CaseRandom) -> [Tensor], edgeCases: [EdgeCase],
        reference: @escaping @Sendable ([Tensor]) -> [Tensor], glue: [GlueLine], mistakes: [Mistake] = []
    ) {
        self.name = name
        self.exercise = exercise
        self.inputs = inputs
        self.batchInput = batchInput
        self.outputs = outputs
        self.sample = sample
        self.random = random
        self.edgeCases = edgeCases
        self.reference = reference
        self.glue = glue
        self.mistakes = mistakes
    }

    /// The class name a submission must declare.
    public var className: String { name }

    public var description: String { name }

    /// The scored quantities, in output order.
    public var quantities: [ScoredQuantity] { outputs.map(\.quantity) }

    /// The names of the inputs, in wire order.
    public var inputNames: [String] { inputs.map(\.name) }

    /// The output that is `quantity`, if the class has it.
    public func output(_ quantity: ScoredQuantity) -> Output? { outputs.first { $0.quantity == quantity } }

    /// The position of `quantity` among the class's outputs.
    public func outputIndex(_ quantity: ScoredQuantity) -> Int? { outputs.firstIndex { $0.quantity == quantity } }

    /// The C symbol of this class's entry point in a plugin.
    public var entryPointSymbol: String { "bpg_run_\(name)" }

    /// The members a student must declare, as a student would write them: made from the glue, so
    /// that the requirement is written once.
    public var expectedDeclaration: String {
        "final class \(name) { " + glue.compactMap(\.expects).joined(separator: "; ") + " }"
    }

    public static func == (lhs: GradedClass, rhs: GradedClass) -> Bool {
        lhs.name == rhs.name && lhs.exercise == rhs.exercise
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(exercise)
    }
}
