import ExerciseKit

/// Names the likely mistake behind a failing quantity (issue 5). To be filled in.
public enum MistakeCatalog {
    /// A hint when every failing case matches one known mistake within the tolerance, else `nil`.
    public static func hint(for quantity: ScoredQuantity, failing: [FailingCase], tolerance: Tolerance) -> String? {
        nil
    }
}
