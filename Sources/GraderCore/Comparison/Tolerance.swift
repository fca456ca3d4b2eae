/// How close an actual value must be to the expected one: the grading rule of SPEC section 4.
///
/// An element passes when
///
///     |actual - expected| <= absolute + relative * |expected|
///
/// and both values are finite. With the defaults (`absolute` 1e-5, `relative` 0) this is the
/// seeds' rule: every element within 1e-5. A value exactly at the bound passes; the smallest
/// double above it fails. `Tolerance` is never used for `==` on tensors, which stays exact.
public struct Tolerance: Equatable, Codable, Sendable {
    /// The absolute term, 1e-5 by default.
    public var absolute: Double
    /// The relative term, 0 by default.
    public var relative: Double

    /// Creates a tolerance.
    ///
    /// - Parameters:
    ///   - absolute: the absolute term (non-negative).
    ///   - relative: the relative term (non-negative).
    public init(absolute: Double = 1e-5, relative: Double = 0) {
        self.absolute = absolute
        self.relative = relative
    }

    /// The seeds' rule: absolute 1e-5, no relative term.
    public static let standard = Tolerance()

    /// The largest distance allowed from `expected`.
    public func bound(for expected: Double) -> Double {
        absolute + relative * abs(expected)
    }

    /// Whether `actual` is close enough to `expected` (both finite, within ``bound(for:)``).
    public func accepts(_ actual: Double, expected: Double) -> Bool {
        actual.isFinite && expected.isFinite && abs(actual - expected) <= bound(for: expected)
    }
}
