/// A number of points: rounded to 1/1000 once, when it is made, and written one way everywhere
/// (`7.5`, `10`, `3.333`), in reports, in `grades.csv` and on the terminal.
///
/// Stored as whole thousandths, so sums are exact; encoded in JSON as the number it stands for.
public struct Points: Hashable, Comparable, Sendable, Codable, CustomStringConvertible, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, AdditiveArithmetic
{
    /// The points in thousandths.
    public let thousandths: Int

    /// `value` rounded to the nearest thousandth (halves away from zero).
    public init(_ value: Double) {
        thousandths = value.isFinite ? Int((value * 1000).rounded()) : 0
    }

    /// Exactly `thousandths` thousandths.
    public init(thousandths: Int) {
        self.thousandths = thousandths
    }

    public init(integerLiteral value: Int) { self.init(thousandths: value * 1000) }
    public init(floatLiteral value: Double) { self.init(value) }

    /// The points as a number.
    public var value: Double { Double(thousandths) / 1000 }

    /// `points × passed / total`, rounded: what a method earns for the cases it passed.
    public static func share(of points: Double, passed: Int, total: Int) -> Points {
        guard total > 0 else { return .zero }
        return Points(points * Double(passed) / Double(total))
    }

    public static var zero: Points { Points(thousandths: 0) }
    public static func + (lhs: Points, rhs: Points) -> Points { Points(thousandths: lhs.thousandths + rhs.thousandths) }
    public static func - (lhs: Points, rhs: Points) -> Points { Points(thousandths: lhs.thousandths - rhs.thousandths) }
    public static func < (lhs: Points, rhs: Points) -> Bool { lhs.thousandths < rhs.thousandths }

    /// Without needless decimals: `10`, `7.5`, `5.417`.
    public var description: String {
        let sign = thousandths < 0 ? "-" : ""
        let magnitude = thousandths.magnitude
        let whole = magnitude / 1000
        var fraction = String(magnitude % 1000)
        guard fraction != "0" else { return sign + String(whole) }
        fraction = String(repeating: "0", count: 3 - fraction.count) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return "\(sign)\(whole).\(fraction)"
    }

    public init(from decoder: Decoder) throws {
        self.init(try decoder.singleValueContainer().decode(Double.self))
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}

extension Sequence where Element == Points {
    /// The exact sum.
    public func sum() -> Points { reduce(.zero, +) }
}
