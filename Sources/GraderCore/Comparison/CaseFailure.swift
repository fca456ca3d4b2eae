/// Why one case of one scored quantity failed, with what a student needs to find the bug.
public struct CaseFailure: Codable, Sendable, Equatable {
    /// The kinds of failure a comparison can find.
    public enum Kind: String, Codable, Sendable {
        /// The output's shape is not exactly the expected one.
        case wrongShape
        /// An element is NaN or infinite.
        case nonFinite
        /// Every element is finite and the shape is right, but some element is out of tolerance.
        case outOfTolerance
        /// The quantity was not produced (e.g. `dW` still nil after backward).
        case missingValue
        /// The case did not produce a result at all (the worker crashed, timed out, or stopped).
        case noResult
    }

    /// The kind of failure.
    public var kind: Kind
    /// The case's index: with the seed, what reproduces it (`grader cases --case K`).
    public var caseIndex: Int
    /// The case's kind (`sample`, `random`, or an edge case's name).
    public var caseKind: String
    /// The seed the case was generated from.
    public var seed: UInt64
    /// The shapes of the case's inputs, by name (e.g. `x: [4, 3]`).
    public var inputShapes: [String: [Int]]
    /// The expected output's shape.
    public var expectedShape: [Int]
    /// The actual output's shape, when there was one.
    public var actualShape: [Int]?
    /// |actual - expected| at the element furthest outside its bound (with no relative term, the
    /// largest error), for ``Kind/outOfTolerance``.
    public var maxError: Double?
    /// Where the largest error (or the first non-finite value) is, as a multi-index.
    public var position: [Int]?
    /// The expected value there.
    public var expected: Double?
    /// The actual value there (may be NaN or infinite; encoded as a string in JSON then).
    public var actual: Double?
    /// One line for people.
    public var message: String

    enum CodingKeys: String, CodingKey {
        case kind, caseIndex, caseKind, seed, inputShapes, expectedShape, actualShape, maxError, position
        case expected, actual, message
    }

    /// Creates a failure record.
    public init(
        kind: Kind, caseIndex: Int, caseKind: String, seed: UInt64, inputShapes: [String: [Int]],
        expectedShape: [Int], actualShape: [Int]? = nil, maxError: Double? = nil, position: [Int]? = nil,
        expected: Double? = nil, actual: Double? = nil, message: String
    ) {
        self.kind = kind
        self.caseIndex = caseIndex
        self.caseKind = caseKind
        self.seed = seed
        self.inputShapes = inputShapes
        self.expectedShape = expectedShape
        self.actualShape = actualShape
        self.maxError = maxError
        self.position = position
        self.expected = expected
        self.actual = actual
        self.message = message
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        kind = try container.decode(Kind.self, forKey: .kind)
        caseIndex = try container.decode(Int.self, forKey: .caseIndex)
        caseKind = try container.decode(String.self, forKey: .caseKind)
        seed = try container.decode(UInt64.self, forKey: .seed)
        inputShapes = try container.decode([String: [Int]].self, forKey: .inputShapes)
        expectedShape = try container.decode([Int].self, forKey: .expectedShape)
        actualShape = try container.decodeIfPresent([Int].self, forKey: .actualShape)
        maxError = try container.decodeIfPresent(FlexibleDouble.self, forKey: .maxError)?.value
        position = try container.decodeIfPresent([Int].self, forKey: .position)
        expected = try container.decodeIfPresent(FlexibleDouble.self, forKey: .expected)?.value
        actual = try container.decodeIfPresent(FlexibleDouble.self, forKey: .actual)?.value
        message = try container.decode(String.self, forKey: .message)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        try container.encode(caseIndex, forKey: .caseIndex)
        try container.encode(caseKind, forKey: .caseKind)
        try container.encode(seed, forKey: .seed)
        try container.encode(inputShapes, forKey: .inputShapes)
        try container.encode(expectedShape, forKey: .expectedShape)
        try container.encodeIfPresent(actualShape, forKey: .actualShape)
        try container.encodeIfPresent(maxError.map(FlexibleDouble.init), forKey: .maxError)
        try container.encodeIfPresent(position, forKey: .position)
        try container.encodeIfPresent(expected.map(FlexibleDouble.init), forKey: .expected)
        try container.encodeIfPresent(actual.map(FlexibleDouble.init), forKey: .actual)
        try container.encode(message, forKey: .message)
    }
}

/// A double that survives JSON: finite values as numbers, NaN and infinities as the strings
/// `"nan"`, `"inf"` and `"-inf"`.
struct FlexibleDouble: Codable, Sendable {
    var value: Double

    init(_ value: Double) {
        self.value = value
    }

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Double.self) {
            value = number
            return
        }
        switch try container.decode(String.self) {
        case "nan": value = .nan
        case "inf": value = .infinity
        case "-inf": value = -.infinity
        default:
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a number")
        }
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        if value.isNaN {
            try container.encode("nan")
        } else if value.isInfinite {
            try container.encode(value > 0 ? "inf" : "-inf")
        } else {
            try container.encode(value)
        }
    }
}
