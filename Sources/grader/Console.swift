import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Where the command line prints: standard output for results, standard error for messages and
/// progress; colour only on a terminal and never when `NO_COLOR` is set.
struct Console: Sendable {
    let colorOutput: Bool
    let colorError: Bool
    /// Whether standard error is a terminal (progress then rewrites one line). `GRADER_TERMINAL=1`
    /// forces it, for tests.
    let errorIsTerminal: Bool

    init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        let noColor = environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        colorOutput = !noColor && isatty(STDOUT_FILENO) == 1
        colorError = !noColor && isatty(STDERR_FILENO) == 1
        errorIsTerminal = isatty(STDERR_FILENO) == 1 || environment["GRADER_TERMINAL"] == "1"
    }

    func out(_ text: String) {
        Console.write(text + "\n", to: .standardOutput)
    }

    func err(_ text: String) {
        Console.write(text + "\n", to: .standardError)
    }

    /// Rewrites the current status of a terminal's standard error: the lines of the last status are
    /// cleared first (`lines` is how many the last one had).
    func status(_ text: String, replacing lines: Int) {
        var sequence = "\r\u{1B}[K"
        for _ in 0..<max(0, lines - 1) { sequence += "\u{1B}[1A\u{1B}[K" }
        Console.write(sequence + text, to: .standardError)
    }

    /// Writes to a standard stream, ignoring a failed write: a reader that went away (`grader cases |
    /// head`, EPIPE, SIGPIPE being ignored) or a full disk is no reason to crash with a stack trace;
    /// the grading and its report files are unaffected.
    private static func write(_ text: String, to handle: FileHandle) {
        try? handle.write(contentsOf: Data(text.utf8))
    }

    enum Style: String {
        case green = "32"
        case red = "31"
        case yellow = "33"
        case bold = "1"
        case dim = "2"
    }

    /// `text` in a style, when colour is on for standard output.
    func styled(_ text: String, _ style: Style) -> String {
        colorOutput ? "\u{1B}[\(style.rawValue)m\(text)\u{1B}[0m" : text
    }
}
