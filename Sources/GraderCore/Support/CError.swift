#if canImport(Glibc)
    import Glibc
#endif

/// A failed C call: its `errno` and, for messages, what was being done.
///
/// Every errno that crosses the C boundary becomes one of these, so that there is one place that
/// turns a number into words (`strerror`).
public struct CError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The errno value.
    public var code: Int32
    /// What failed, e.g. `opening the submission`.
    public var operation: String

    /// Creates an error from an errno value.
    public init(_ code: Int32, _ operation: String) {
        self.code = code
        self.operation = operation
    }

    /// The error for the current `errno`.
    public static func current(_ operation: String) -> CError { CError(errno, operation) }

    /// The system's words for the errno value, e.g. `No space left on device`.
    public var reason: String { CError.reason(code) }

    public var description: String { "\(operation): \(reason)" }

    /// `strerror`'s words for an errno value.
    public static func reason(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        return String(cString: text)
    }
}
