import ExerciseKit

/// Names the likely mistake behind a failing quantity (issue 5, "Name the mistake").
///
/// The catalog is a list of known mistakes (``Mistake``), ordered most specific first: the classic
/// mistakes of each class (a transposed dW, a ReLU mask taken from dout, a softmax gradient not
/// divided by the batch size, ...), then generic relations to the expected value that fit any
/// quantity (a constant factor, a transpose, errors confined to some rows or columns, or to where the
/// input x is 0, NaN on some cases). A mistake is named only when one entry matches every failing case
/// of the quantity within the grading tolerance; anything else gets no hint rather than a guess.
public enum MistakeCatalog {
    /// The entries that can explain a failure of `quantity` of `gradedClass`, most specific first:
    /// the class's own, then the generic ones.
    public static func entries(for quantity: ScoredQuantity, in gradedClass: GradedClass) -> [Mistake] {
        (gradedClass.mistakes + generic).filter { $0.applies(to: quantity) }
    }

    /// The mistake that explains every failing case of `quantity`, with its hint, or `nil` when none
    /// does. This is what grading asks, once per failing quantity.
    ///
    /// - Parameters:
    ///   - quantity: the failing scored quantity.
    ///   - gradedClass: the class that produced it.
    ///   - failing: every failing case of that quantity, with the student's output for it.
    ///   - tolerance: the grading tolerance, used to compare the output with each candidate.
    /// - Returns: the first entry, in catalog order, that matches on every failing case, and its hint;
    ///   `nil` when the list is empty, some case has no output, or no single entry fits them all.
    /// - Complexity: at most one candidate computation per entry and case, each about the cost of
    ///   the reference's own computation.
    public static func diagnosis(
        _ quantity: ScoredQuantity, in gradedClass: GradedClass, failing: [FailingCase], tolerance: Tolerance
    ) -> (mistake: Mistake, hint: String)? {
        guard !failing.isEmpty else { return nil }
        var observations: [Observation] = []
        observations.reserveCapacity(failing.count)
        for item in failing {
            guard let observation = Observation(item, quantity: quantity, tolerance: tolerance) else { return nil }
            observations.append(observation)
        }
        for mistake in entries(for: quantity, in: gradedClass) where mistake.matchesEvery(observations) {
            return (mistake, mistake.hint(observations))
        }
        return nil
    }

    // MARK: - Over the standard catalog (for tests and tools)

    /// Every entry of the standard catalog's classes, then the generic ones.
    public static var entries: [Mistake] { ExerciseCatalog.standard.classes.flatMap(\.mistakes) + generic }

    /// The entries that can explain a failure of a standard class's `quantity`.
    public static func entries(for quantity: ScoredQuantity) -> [Mistake] {
        guard let owner = ExerciseCatalog.standard.gradedClass(of: quantity) else { return generic }
        return entries(for: quantity, in: owner)
    }

    /// The entry with identifier `id`, if there is one.
    public static func entry(_ id: Mistake.ID) -> Mistake? {
        entries.first { $0.id == id }
    }

    /// ``diagnosis(_:in:failing:tolerance:)``'s mistake, the class taken from the failing cases.
    public static func diagnose(_ quantity: ScoredQuantity, failing: [FailingCase], tolerance: Tolerance) -> Mistake? {
        guard let owner = failing.first?.testCase.gradedClass else { return nil }
        return diagnosis(quantity, in: owner, failing: failing, tolerance: tolerance)?.mistake
    }

    /// ``diagnosis(_:in:failing:tolerance:)``'s hint, the class taken from the failing cases.
    public static func hint(for quantity: ScoredQuantity, failing: [FailingCase], tolerance: Tolerance) -> String? {
        guard let owner = failing.first?.testCase.gradedClass else { return nil }
        return diagnosis(quantity, in: owner, failing: failing, tolerance: tolerance)?.hint
    }

    /// The mistake whose hint `hint` is, recognised by its headline: for tests and summary counts,
    /// which read hints back from reports.
    public static func mistake(forHint hint: String, quantity: ScoredQuantity) -> Mistake? {
        entries(for: quantity).first { hint.hasPrefix($0.headline(for: quantity) + ":") }
    }

    // MARK: - Inside the module

    /// `2, 5 and 7` for a few indices (at most `limit`, then "...").
    static func list(_ indices: [Int], limit: Int = 6) -> String {
        let sorted = indices.sorted()
        let shown = sorted.prefix(limit).map(String.init)
        guard shown.count > 1 else { return shown.first ?? "" }
        if sorted.count > limit { return shown.joined(separator: ", ") + ", ..." }
        return shown.dropLast().joined(separator: ", ") + " and " + (shown.last ?? "")
    }

    /// `[2, 3]` for a shape.
    static func format(_ shape: [Int]) -> String { Comparison.format(shape) }
}
