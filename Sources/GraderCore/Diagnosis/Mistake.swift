import ExerciseKit

/// One known mistake of the catalog: which quantities it concerns, how to recognise it on a failing
/// case, and the hint a student gets for it.
///
/// A mistake is recognised case by case (``matches(_:quantity:tolerance:)``); the catalog names it
/// only when it matches every failing case of a quantity (``matchesEvery(_:quantity:tolerance:)``).
/// A few loose patterns (errors confined to some rows, or to where x is 0) also need one case that
/// shows the pattern unambiguously, so that a single all-wrong case of batch one is not enough.
///
/// The hint starts with ``headline(for:)``, which is fixed per quantity, so a hint found in a report
/// can be traced back to its mistake (``MistakeCatalog/mistake(forHint:quantity:)``).
public struct Mistake: Sendable, Identifiable {
    /// A stable identifier such as `fc.dW-transposed`: for tests, logs and summary counts.
    ///
    /// The prefix names the class (`fc`, `sigmoid`, `relu`, `softmax`, `mse`) or `generic` for the
    /// patterns that apply to any quantity.
    public struct ID: Identifier {
        /// The identifier's text.
        public let rawValue: String

        /// Creates an identifier from its text.
        public init(rawValue: String) {
            self.rawValue = rawValue
        }
    }

    /// The stable identifier.
    public let id: ID
    /// The scored quantities this mistake can explain; `nil` for any (the generic entries).
    public let quantities: [ScoredQuantity]?

    private let matcher: @Sendable (Observation) -> Bool
    private let corroboration: @Sendable ([Observation]) -> Bool
    private let headlineText: @Sendable (GradedClass.Output) -> String
    private let adviceText: @Sendable ([Observation]) -> String

    /// Creates a catalog entry.
    ///
    /// - Parameters:
    ///   - id: the stable identifier.
    ///   - quantities: the quantities it applies to; `nil` for any.
    ///   - headline: the fixed start of the hint for an output, saying what it looks like.
    ///   - advice: the rest of the hint, where to look and what to do; it may describe the cases.
    ///   - corroboration: a check over all the failing cases together (by default none).
    ///   - matches: whether one failing case shows this mistake.
    public init(
        id: ID, quantities: [ScoredQuantity]?, headline: @escaping @Sendable (GradedClass.Output) -> String,
        advice: @escaping @Sendable ([Observation]) -> String,
        corroboration: @escaping @Sendable ([Observation]) -> Bool = { _ in true },
        matches: @escaping @Sendable (Observation) -> Bool
    ) {
        self.id = id
        self.quantities = quantities
        self.headlineText = headline
        self.adviceText = advice
        self.corroboration = corroboration
        self.matcher = matches
    }

    /// Whether this mistake can explain a failure of `quantity`.
    public func applies(to quantity: ScoredQuantity) -> Bool {
        quantities?.contains(quantity) ?? true
    }

    /// Whether one failing case of `quantity` shows this mistake within `tolerance`.
    ///
    /// Never traps, whatever the shape of the student's output: a case without an output, or whose
    /// inputs are not the shapes the class takes, matches nothing.
    public func matches(_ failing: FailingCase, quantity: ScoredQuantity, tolerance: Tolerance) -> Bool {
        guard applies(to: quantity), let observation = Observation(failing, quantity: quantity, tolerance: tolerance)
        else { return false }
        return matcher(observation)
    }

    /// Whether this mistake explains every failing case of `quantity`: it matches each one, and the
    /// cases together corroborate it. An empty list matches nothing.
    public func matchesEvery(_ failing: [FailingCase], quantity: ScoredQuantity, tolerance: Tolerance) -> Bool {
        guard let observations = observations(failing, quantity: quantity, tolerance: tolerance) else { return false }
        return matchesEvery(observations)
    }

    /// The fixed start of this mistake's hint for an output, e.g. "Your dW is the transpose of the
    /// expected one".
    public func headline(for output: GradedClass.Output) -> String {
        headlineText(output)
    }

    /// The headline for a quantity of the standard catalog's classes (or of `gradedClass`).
    public func headline(for quantity: ScoredQuantity, in gradedClass: GradedClass? = nil) -> String {
        let owner = gradedClass ?? ExerciseCatalog.standard.gradedClass(of: quantity)
        let output =
            owner?.output(quantity)
            ?? GradedClass.Output(quantity, description: quantity.rawValue, shortName: quantity.rawValue, variable: "")
        return headlineText(output)
    }

    /// The hint for a student whose failing cases of `quantity` show this mistake: the headline, then
    /// where to look (one or two sentences in all).
    public func hint(for quantity: ScoredQuantity, failing: [FailingCase], tolerance: Tolerance) -> String {
        let observations = failing.compactMap { Observation($0, quantity: quantity, tolerance: tolerance) }
        return hint(observations)
    }

    // MARK: - Inside the module

    /// The observations of the failing cases, or `nil` when the list is empty, the mistake does not
    /// apply, or some case cannot be observed (no output).
    func observations(_ failing: [FailingCase], quantity: ScoredQuantity, tolerance: Tolerance) -> [Observation]? {
        guard applies(to: quantity), !failing.isEmpty else { return nil }
        var observations: [Observation] = []
        observations.reserveCapacity(failing.count)
        for item in failing {
            guard let observation = Observation(item, quantity: quantity, tolerance: tolerance) else { return nil }
            observations.append(observation)
        }
        return observations
    }

    /// Whether every observation matches and together they corroborate the mistake.
    func matchesEvery(_ observations: [Observation]) -> Bool {
        !observations.isEmpty && observations.allSatisfy(matcher) && corroboration(observations)
    }

    /// The hint from observations already made (at least one: they name the output).
    func hint(_ observations: [Observation]) -> String {
        guard let first = observations.first else { return "" }
        return headlineText(first.output) + ": " + adviceText(observations)
    }
}
