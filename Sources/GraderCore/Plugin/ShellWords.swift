/// Splits a command line as `swiftc -###` and `clang -###` print it into its arguments: words
/// separated by spaces or tabs, where a word may be single-quoted (taken as is), double-quoted
/// (`\"`, `\\`, `\$` and `` \` `` escaped) or have backslash-escaped characters. Pure.
///
/// Anything a shell would expand (`$`, a backquote, a glob, a redirection) is refused rather than
/// guessed at: ``split(_:)`` returns `nil`, and the compiler keeps to the `swiftc` driver.
enum ShellWords {
    /// The arguments of one printed command line, or `nil` for text this does not read exactly.
    static func split(_ line: String) -> [String]? {
        var words: [String] = []
        var word: [Character] = []
        var inWord = false
        var characters = line[...]
        while let character = characters.popFirst() {
            switch character {
            case " ", "\t":
                if inWord { words.append(String(word)) }
                word = []
                inWord = false
            case "'":
                inWord = true
                guard let end = characters.firstIndex(of: "'") else { return nil }
                word += characters[..<end]
                characters = characters[characters.index(after: end)...]
            case "\"":
                inWord = true
                var closed = false
                while let inner = characters.popFirst() {
                    if inner == "\"" {
                        closed = true
                        break
                    }
                    if inner == "\\", let next = characters.first, "\"\\$`".contains(next) {
                        word.append(next)
                        characters = characters.dropFirst()
                    } else if inner == "$" || inner == "`" {
                        return nil
                    } else {
                        word.append(inner)
                    }
                }
                guard closed else { return nil }
            case "\\":
                inWord = true
                guard let next = characters.popFirst() else { return nil }
                word.append(next)
            case "$", "`", "*", "?", "[", "<", ">", "|", "&", ";", "(", ")", "~", "#", "\n", "\r":
                // `#` and `~` only matter at a word's start; refusing them anywhere is simpler and safe.
                if character == "#" || character == "~", inWord {
                    word.append(character)
                    continue
                }
                return nil
            default:
                inWord = true
                word.append(character)
            }
        }
        if inWord { words.append(String(word)) }
        return words
    }
}
