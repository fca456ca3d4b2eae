/// Text from a submission or a folder name, made safe for a terminal: every control character is
/// shown as an escape (`\e`, `\x07`, `\u{202E}`) instead of being sent, so that nothing a student
/// writes can move the cursor, set the window title, write the clipboard or fake a line.
enum TerminalText {
    /// `text` with its control characters escaped; with `multiline`, newlines and tabs stay.
    static func safe(_ text: String, multiline: Bool = false) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            let value = scalar.value
            let isLineBreak = scalar == "\n" || scalar == "\t"
            if multiline && isLineBreak {
                result.unicodeScalars.append(scalar)
            } else if value == 0x1B {
                result += "\\e"
            } else if value < 0x20 || value == 0x7F || (0x80...0x9F).contains(value) {
                result += value == 0x0A ? "\\n" : value == 0x09 ? "\\t" : value == 0x0D ? "\\r" : hex(value)
            } else if (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value) || value == 0xFFFD {
                result += value == 0xFFFD ? "\u{FFFD}" : "\\u{\(String(value, radix: 16, uppercase: true))}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    private static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return "\\x" + (digits.count < 2 ? "0" + digits : digits)
    }
}
