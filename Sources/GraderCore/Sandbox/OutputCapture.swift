/// What a sandboxed process printed, capped where it is received: the first and the last half of
/// the cap are kept, the middle is counted and dropped, so that printing can neither stall nor
/// bloat the grader.
struct OutputCapture {
    /// The most bytes kept.
    let capBytes: Int
    /// Every byte received.
    private(set) var totalBytes = 0
    private var head: [UInt8] = []
    private var tail: [UInt8] = []

    /// Creates a capture keeping at most `capBytes` bytes.
    init(capBytes: Int) {
        self.capBytes = max(2, capBytes)
    }

    private var half: Int { capBytes / 2 }

    /// Takes bytes as they arrive.
    mutating func append<Bytes: Collection>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        totalBytes += bytes.count
        var rest = bytes[...]
        if head.count < half {
            let take = min(half - head.count, rest.count)
            head.append(contentsOf: rest.prefix(take))
            rest = rest.dropFirst(take)
        }
        guard !rest.isEmpty else { return }
        tail.append(contentsOf: rest.suffix(2 * half))
        if tail.count > 2 * half { tail.removeFirst(tail.count - half) }
    }

    /// The kept output as text: the head, a note of what was dropped, the tail, every control
    /// character shown as U+FFFD (see ``printable(_:)``).
    var text: String {
        let keptTail = tail.suffix(half)
        let dropped = totalBytes - head.count - keptTail.count
        var text = OutputCapture.printable(head)
        if dropped > 0 { text += "\n[... \(dropped) bytes of output dropped ...]\n" }
        text += OutputCapture.printable(keptTail)
        return text
    }

    /// The bytes as text, with invalid UTF-8 and every control character other than newline and tab
    /// (C0, DEL, C1, and the bidirectional overrides that reorder what a reader sees) shown as
    /// U+FFFD: they mean nothing to a reader and can drive a terminal.
    static func printable<Bytes: Collection>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        String(decoding: bytes, as: UTF8.self).unicodeScalars.reduce(into: "") { text, scalar in
            text.unicodeScalars.append(isUnsafe(scalar) ? "\u{FFFD}" : scalar)
        }
    }

    /// Whether a scalar is a control character a terminal or a reader could be fooled by.
    static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x20 { return scalar != "\n" && scalar != "\t" }
        if value == 0x7F || (0x80...0x9F).contains(value) { return true }
        return (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value)
    }
}
