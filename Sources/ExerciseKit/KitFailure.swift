#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// How the kit stops a program that misused it (shapes that do not fit, an axis out of range).
enum KitFailure {
    /// Prints `message` as the Swift runtime prints a fatal error, then traps here, in the kit's own
    /// code, not in the runtime's.
    ///
    /// Why not `fatalError`: the runtime's `_assertionFailure` does not keep a frame pointer, so a
    /// crash reporter that walks frame pointers (Swift's, on Linux) stops at it and never reaches the
    /// student's line that called the kit. The kit is built with frame pointers, so a trap in this
    /// function leaves the chain intact: this function, the kit's member, then the student's code.
    /// The trap is an integer overflow, which the compiler checks inline (an `ud2`, so SIGILL, like
    /// every Swift runtime trap).
    ///
    /// - Parameters:
    ///   - message: what went wrong, e.g. `cannot multiply shapes [2, 3] and [2, 3]: …`.
    ///   - file: the kit's file that found it (filled in).
    ///   - line: the kit's line (filled in).
    @inline(never)
    static func stop(_ message: String, file: StaticString = #fileID, line: UInt = #line) -> Never {
        var text = "\(file):\(line): Fatal error: \(message)\n"
        text.withUTF8 { bytes in _ = write(2, bytes.baseAddress, bytes.count) }
        // Never zero, but the compiler cannot know: the overflow check stays, and it always fails.
        let one = message.utf8.count >= 0 ? 1 : 0
        let overflowed = Int.max + one
        // Not reached; this keeps the result used and satisfies `Never`.
        fatalError("\(overflowed)")
    }
}
