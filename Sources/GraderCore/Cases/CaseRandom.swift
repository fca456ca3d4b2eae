/// The grader's own pseudo-random generator: SplitMix64, so cases are the same bytes on every machine.
///
/// Foundation's and the standard library's random sources are neither seedable nor stable across
/// platforms and releases; this one is fully specified here. A generator is addressed by
/// `(seed, exercise, class, index)`: changing one exercise's settings never moves another's cases.
public struct CaseRandom: Sendable {
    private var state: UInt64

    /// Creates a generator from a raw state.
    public init(state: UInt64) {
        self.state = state
    }

    /// Creates the generator of one case.
    ///
    /// - Parameters:
    ///   - seed: the course seed.
    ///   - exercise: the exercise id.
    ///   - className: the graded class (the "method" the case belongs to).
    ///   - index: the case's index within that class.
    public init(seed: UInt64, exercise: ExerciseID, className: String, index: Int) {
        var hash = CaseRandom.fnv1a(seed: seed, exercise.rawValue)
        hash = CaseRandom.fnv1a(seed: hash, className)
        hash ^= UInt64(truncatingIfNeeded: index) &* 0x9E37_79B9_7F4A_7C15
        var mixer = CaseRandom(state: hash)
        self.state = mixer.next()
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform double in `[0, 1)`, from the top 53 bits.
    public mutating func unit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniform double in `[low, high)`.
    public mutating func uniform(_ low: Double, _ high: Double) -> Double {
        low + (high - low) * unit()
    }

    /// A uniform integer in `range` (Lemire's unbiased method is unnecessary here; modulo bias on
    /// ranges this small is below 2^-50).
    public mutating func int(in range: ClosedRange<Int>) -> Int {
        let width = UInt64(range.upperBound - range.lowerBound) + 1
        return range.lowerBound + Int(next() % width)
    }

    /// A value rounded to 1/1024, so case inputs print exactly and reproduce by hand.
    public mutating func roundedUniform(_ low: Double, _ high: Double) -> Double {
        (uniform(low, high) * 1024).rounded() / 1024
    }

    /// FNV-1a over a string's UTF-8 bytes, continuing from `seed`: a stable hash for addressing.
    static func fnv1a(seed: UInt64, _ text: String) -> UInt64 {
        var hash = 0xCBF2_9CE4_8422_2325 ^ seed
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        return hash
    }
}
