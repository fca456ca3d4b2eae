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
    /// Every entry, most specific first; the first entry that explains all the failing cases wins.
    public static let entries: [Mistake] = fullyConnected + activations + losses + generic

    /// The entries that can explain a failure of `quantity`, in catalog order.
    public static func entries(for quantity: ScoredQuantity) -> [Mistake] {
        entries.filter { $0.applies(to: quantity) }
    }

    /// The entry with identifier `id`, if there is one.
    public static func entry(_ id: Mistake.ID) -> Mistake? {
        entries.first { $0.id == id }
    }

    /// The mistake that explains every failing case of `quantity`, or `nil` when none does.
    ///
    /// - Parameters:
    ///   - quantity: the failing scored quantity.
    ///   - failing: every failing case of that quantity, with the student's output for it.
    ///   - tolerance: the grading tolerance, used to compare the output with each candidate.
    /// - Returns: the first entry, in catalog order, that matches on every failing case; `nil` when
    ///   the list is empty, some case has no output, or no single entry fits them all.
    /// - Complexity: at most one candidate computation per entry and case, each about the cost of
    ///   the reference's own computation.
    public static func diagnose(_ quantity: ScoredQuantity, failing: [FailingCase], tolerance: Tolerance) -> Mistake? {
        diagnosis(quantity, failing: failing, tolerance: tolerance)?.mistake
    }

    /// A hint when every failing case matches one known mistake within the tolerance, else `nil`.
    ///
    /// The hint is one or two sentences addressed to the student: what the output looks like and where
    /// to look, e.g. "Your softmax gradient equals the expected value times the batch size B: ...".
    /// It starts with the mistake's ``Mistake/headline(for:)``.
    public static func hint(for quantity: ScoredQuantity, failing: [FailingCase], tolerance: Tolerance) -> String? {
        guard let (mistake, observations) = diagnosis(quantity, failing: failing, tolerance: tolerance) else {
            return nil
        }
        return mistake.hint(quantity, observations)
    }

    /// The mistake whose hint `hint` is, recognised by its headline: for tests and summary counts,
    /// which read hints back from reports.
    public static func mistake(forHint hint: String, quantity: ScoredQuantity) -> Mistake? {
        entries(for: quantity).first { hint.hasPrefix($0.headline(for: quantity) + ":") }
    }

    // MARK: - Inside the module

    /// The first entry that explains every failing case, with the observations it was checked on.
    static func diagnosis(_ quantity: ScoredQuantity, failing: [FailingCase], tolerance: Tolerance)
        -> (mistake: Mistake, observations: [Observation])?
    {
        guard !failing.isEmpty else { return nil }
        var observations: [Observation] = []
        observations.reserveCapacity(failing.count)
        for item in failing {
            guard let observation = Observation(item, quantity: quantity, tolerance: tolerance) else { return nil }
            observations.append(observation)
        }
        for mistake in entries(for: quantity) where mistake.matchesEvery(observations) {
            return (mistake, observations)
        }
        return nil
    }

    /// What a student calls the output of `quantity`, for hints: `dx`, `dW`, `db`, or e.g.
    /// `Sigmoid gradient`.
    static func outputName(_ quantity: ScoredQuantity) -> String {
        switch quantity {
        case .fullyConnectedBackward: "dx"
        case .fullyConnectedDW: "dW"
        case .fullyConnectedDB: "db"
        case .sigmoidBackward: "Sigmoid gradient"
        case .reluBackward: "ReLU gradient"
        case .softmaxWithLossBackward: "softmax gradient"
        case .meanSquaredErrorBackward: "MSE gradient"
        }
    }

    /// `2, 5 and 7` for a few indices (at most `limit`, then "...").
    static func list(_ indices: [Int], limit: Int = 6) -> String {
        let sorted = indices.sorted()
        let shown = sorted.prefix(limit).map(String.init)
        guard shown.count > 1 else { return shown.first ?? "" }
        if sorted.count > limit { return shown.joined(separator: ", ") + ", ..." }
        return shown.dropLast().joined(separator: ", ") + " and " + (shown.last ?? "")
    }

    /// `[2, 3]` for a shape.
    static func format(_ shape: [Int]) -> String {
        "[" + shape.map(String.init).joined(separator: ", ") + "]"
    }
}
