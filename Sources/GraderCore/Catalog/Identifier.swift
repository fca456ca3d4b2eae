/// What the grader's names have in common: an exercise id, a scored quantity, a mistake's id. A
/// string underneath, compared and hashed by its exact characters' scalars, encoded as that string
/// (and as a JSON object key when it keys a dictionary).
public protocol Identifier: RawRepresentable, Hashable, Comparable, Codable, CodingKeyRepresentable, Sendable,
    ExpressibleByStringLiteral, CustomStringConvertible
where RawValue == String {
    init(rawValue: String)
}

extension Identifier {
    public init(stringLiteral value: String) { self.init(rawValue: value) }
    public var description: String { rawValue }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: Decoder) throws {
        self.init(rawValue: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var codingKey: CodingKey { IdentifierKey(stringValue: rawValue) }

    public init?<T: CodingKey>(codingKey: T) { self.init(rawValue: codingKey.stringValue) }
}

/// The coding key of an ``Identifier`` used as a dictionary key.
struct IdentifierKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// An exercise's id, as on the command line, in `grader.json` and in reports: `fc-backward`.
public struct ExerciseID: Identifier {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
}

/// A quantity the grader scores, with its own points in `grader.json` (SPEC section 4), named
/// `Class.member`: `FullyConnected.dW`. Each graded class declares its own (see ``GradedClass``).
public struct ScoredQuantity: Identifier {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
}
