import Foundation

/// Hints read from a student's source when it does not compile or lacks a class: the near misses a
/// beginner makes before any case runs (a forgotten `import ExerciseKit`, a class under another name).
///
/// Pure text scanning, no compiler: comments and string literals are blanked first, so a name in a
/// comment is never taken for a declaration.
public enum SourceHints {
    /// The hint for a file that does not compile, if one applies.
    ///
    /// - Parameters:
    ///   - source: the student's file.
    ///   - fileName: its name, for the hint (`FullyConnected.swift`).
    ///   - diagnostics: the compiler's errors in it.
    /// - Returns: `add import ExerciseKit …` when the file does not import the kit and the compiler
    ///   cannot find `Tensor`; otherwise `nil`.
    public static func compileHint(source: String, fileName: String, diagnostics: String) -> String? {
        let code = blankingCommentsAndStrings(source)
        let importsKit = code.split(separator: "\n").contains { line in
            line.split(whereSeparator: \.isWhitespace).starts(with: ["import", "ExerciseKit"])
        }
        let tensorUnknown =
            diagnostics.contains("cannot find type 'Tensor' in scope")
            || diagnostics.contains("cannot find 'Tensor' in scope")
        guard !importsKit, tensorUnknown else { return nil }
        return "add `import ExerciseKit` as the first line of \(fileName): Tensor is defined there, "
            + "and every error about Tensor comes from that one missing line"
    }

    /// The hint for a class the compiler could not find, when the file declares a type under another
    /// name with the class's members: `found class FCLayer with the members of FullyConnected: …`.
    ///
    /// - Parameters:
    ///   - gradedClass: the missing class.
    ///   - source: the student's file.
    ///   - taken: the names of the exercise's classes (a type with one of them is not a renamed one).
    /// - Returns: the hint, or `nil` when no declared type has at least two of the class's members,
    ///   its `forward` and `backward` among them.
    public static func renamedClass(_ gradedClass: GradedClass, in source: String, taken: Set<String>) -> String? {
        let members = gradedClass.glue.compactMap { line in line.expects.map { ($0, line.member) } }
        var best: (name: String, kind: String, matched: Int)?
        for declaration in declaredTypes(in: blankingCommentsAndStrings(source)) where !taken.contains(declaration.name)
        {
            let matched = members.filter { has($0.0, in: declaration.body) }
            let needed = members.filter { $0.1 == "forward" || $0.1 == "backward" }
            guard matched.count >= 2, needed.allSatisfy({ need in matched.contains { $0.0 == need.0 } }) else {
                continue
            }
            if matched.count > best?.matched ?? 0 { best = (declaration.name, declaration.kind, matched.count) }
        }
        guard let best else { return nil }
        return "found \(best.kind) \(best.name) with the members of \(gradedClass.name): rename it to "
            + "\(gradedClass.name) (the grader looks the class up by that name)"
    }

    /// Whether `body` declares the member a glue line expects (`func backward(`, `init(W:`, `var dW`).
    static func has(_ expects: String, in body: String) -> Bool {
        if expects.hasPrefix("init(") {
            let label = expects.dropFirst("init(".count).prefix { $0 != ":" && $0 != ")" }
            let pattern = "\\binit\\s*\\(\\s*" + NSRegularExpression.escapedPattern(for: String(label))
            return body.range(of: pattern, options: .regularExpression) != nil
        }
        for keyword in ["func ", "var ", "let "] where expects.hasPrefix(keyword) {
            let name = expects.dropFirst(keyword.count).prefix { $0.isLetter || $0.isNumber || $0 == "_" }
            let keywords = keyword == "func " ? "func" : "(?:var|let)"
            let pattern = "\\b" + keywords + "\\s+" + NSRegularExpression.escapedPattern(for: String(name)) + "\\b"
            return body.range(of: pattern, options: .regularExpression) != nil
        }
        return false
    }

    /// The classes and structs declared in `code` (comments and strings already blanked): each one's
    /// name, kind and body (the text between its braces).
    static func declaredTypes(in code: String) -> [(name: String, kind: String, body: String)] {
        guard
            let expression = try? NSRegularExpression(
                pattern: "\\b(class|struct)\\s+([A-Za-z_][A-Za-z0-9_]*)[^{};]*\\{")
        else { return [] }
        let text = code as NSString
        var result: [(name: String, kind: String, body: String)] = []
        for match in expression.matches(in: code, range: NSRange(location: 0, length: text.length)) {
            let kind = text.substring(with: match.range(at: 1))
            let name = text.substring(with: match.range(at: 2))
            // The body: up to the brace that closes the one the match ends with.
            let start = match.range.location + match.range.length
            var depth = 1
            var end = start
            while end < text.length, depth > 0 {
                switch text.character(at: end) {
                case 0x7B: depth += 1
                case 0x7D: depth -= 1
                default: break
                }
                end += 1
            }
            result.append((name, kind, text.substring(with: NSRange(location: start, length: max(0, end - start - 1)))))
        }
        return result
    }

    /// `source` with its comments and string literals replaced by spaces (line breaks kept), so that
    /// only code is scanned. Handles `//`, nested `/* */`, `"…"` with escapes, and `"""…"""`.
    static func blankingCommentsAndStrings(_ source: String) -> String {
        let scalars = Array(source.unicodeScalars)
        var output = String.UnicodeScalarView()
        var index = 0
        func blank(_ scalar: Unicode.Scalar) { output.append(scalar == "\n" ? "\n" : " ") }
        func at(_ offset: Int) -> Unicode.Scalar? { index + offset < scalars.count ? scalars[index + offset] : nil }
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "/", at(1) == "/" {
                while index < scalars.count, scalars[index] != "\n" {
                    blank(scalars[index])
                    index += 1
                }
            } else if scalar == "/", at(1) == "*" {
                var depth = 0
                repeat {
                    if scalars[index] == "/", at(1) == "*" {
                        depth += 1
                        blank("/")
                        blank("*")
                        index += 2
                    } else if scalars[index] == "*", at(1) == "/" {
                        depth -= 1
                        blank("*")
                        blank("/")
                        index += 2
                    } else {
                        blank(scalars[index])
                        index += 1
                    }
                } while index < scalars.count && depth > 0
            } else if scalar == "\"" {
                let triple = at(1) == "\"" && at(2) == "\""
                let quoteLength = triple ? 3 : 1
                for _ in 0..<quoteLength { blank("\"") }
                index += quoteLength
                while index < scalars.count {
                    if scalars[index] == "\\" {
                        blank(" ")
                        if index + 1 < scalars.count { blank(scalars[index + 1]) }
                        index += 2
                        continue
                    }
                    if scalars[index] == "\"", !triple || (at(1) == "\"" && at(2) == "\"") {
                        for _ in 0..<quoteLength { blank("\"") }
                        index += quoteLength
                        break
                    }
                    if !triple, scalars[index] == "\n" { break }
                    blank(scalars[index])
                    index += 1
                }
            } else {
                output.append(scalar)
                index += 1
            }
        }
        return String(output)
    }
}
