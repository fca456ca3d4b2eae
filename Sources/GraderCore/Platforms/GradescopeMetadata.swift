import Foundation

/// Gradescope's `submission_metadata.yml`, the index of an "Export Submissions" archive: one entry
/// per `submission_<id>` folder, with who submitted it and when.
///
/// Gradescope documents no format for this file; it is Ruby's YAML of a hash whose keys are the
/// folders' names and whose values have Ruby-symbol keys written with a leading colon (`:submitters:`
/// with `:name:`, `:sid:` and `:email:`, `:created_at:`, `:score:`, `:results:`, `:history:`). Only
/// what is needed is read, by hand (no dependencies): the entries' keys, their `:submitters:` and
/// `:created_at:`. Everything else (the stored results, the history) is skipped whatever it holds:
/// YAML indents a nested value deeper than its key, so a line is an entry's key only at the left
/// margin and a field of an entry only at the entry's indentation.
public struct GradescopeMetadata: Sendable, Equatable {
    /// One submission's entry.
    public struct Entry: Sendable, Equatable {
        /// Each submitter's fields, by key without the colons (`name`, `sid`, `email`, `section_name`).
        public var submitters: [[String: String]]
        /// `:created_at:` as written.
        public var createdAt: String?
    }

    /// The entries, by folder name.
    public var entries: [String: Entry]

    /// Parses the file's text.
    public init(parsing text: String) {
        var entries: [String: Entry] = [:]
        var current: String?
        var fieldIndent: Int?
        var field: String?
        var submitter: [String: String]?
        var lastKey: String?
        var itemIndent: Int?
        func flush() {
            if let submitter, let current { entries[current]?.submitters.append(submitter) }
            submitter = nil
        }
        for raw in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            let line = String(raw)
            let trimmed = line.trimmingLeadingSpaces
            if trimmed.isEmpty || trimmed.hasPrefix("#") || line.hasPrefix("---") || line.hasPrefix("...") {
                continue
            }
            let indent = line.count - trimmed.count
            if indent == 0 {
                flush()
                (current, field, fieldIndent, lastKey, itemIndent) = (nil, nil, nil, nil, nil)
                if let (key, _) = Self.keyValue(trimmed) {
                    current = key
                    entries[key] = Entry(submitters: [], createdAt: nil)
                }
                continue
            }
            guard let entry = current else { continue }
            if fieldIndent == nil { fieldIndent = indent }
            guard let base = fieldIndent else { continue }
            if indent == base && !trimmed.hasPrefix("-") {
                flush()
                itemIndent = nil
                field = Self.keyValue(trimmed).map { Self.symbol($0.0) }
                if field == "created_at", let (_, value) = Self.keyValue(trimmed) {
                    entries[entry]?.createdAt = value
                }
                continue
            }
            guard field == "submitters" else { continue }
            if trimmed.hasPrefix("- ") || trimmed == "-", itemIndent == nil || indent == itemIndent {
                flush()
                itemIndent = indent
                submitter = [:]
                let rest = String(trimmed.dropFirst()).trimmingLeadingSpaces
                if let (key, value) = Self.keyValue(rest) {
                    submitter?[Self.symbol(key)] = value
                    lastKey = Self.symbol(key)
                }
            } else if let item = itemIndent, indent == item + 2, let (key, value) = Self.keyValue(trimmed) {
                submitter?[Self.symbol(key)] = value
                lastKey = Self.symbol(key)
            } else if let item = itemIndent, indent > item + 2, let lastKey, let previous = submitter?[lastKey] {
                // A long plain value folded onto the next line.
                submitter?[lastKey] = previous + " " + Self.scalar(trimmed)
            }
        }
        flush()
        self.entries = entries
    }

    /// `key: value` (or `key:` with no value), the key unquoted, the value as a scalar.
    static func keyValue(_ text: String) -> (String, String)? {
        if let quote = text.first, quote == "'" || quote == "\"" {
            guard let end = text.dropFirst().firstIndex(of: quote) else { return nil }
            let key = String(text[text.index(after: text.startIndex)..<end])
            let rest = text[text.index(after: end)...]
            guard rest.hasPrefix(":") else { return nil }
            return (key, scalar(String(rest.dropFirst())))
        }
        if text.hasSuffix(":") && !text.contains(": ") { return (String(text.dropLast()), "") }
        guard let range = text.range(of: ": ") else { return nil }
        return (String(text[..<range.lowerBound]), scalar(String(text[range.upperBound...])))
    }

    /// A Ruby symbol key without its colon (`:name` → `name`).
    static func symbol(_ key: String) -> String { key.hasPrefix(":") ? String(key.dropFirst()) : key }

    /// A scalar's value: single-quoted (`''` is a quote), double-quoted (backslash escapes), or plain
    /// (a trailing ` #` comment dropped); `~`, `null` and `[]` are empty.
    static func scalar(_ raw: String) -> String {
        let text = raw.trimmingLeadingSpaces.trimmingTrailingSpaces
        if text.count >= 2, text.hasPrefix("'"), text.hasSuffix("'") {
            return String(text.dropFirst().dropLast()).replacingOccurrences(of: "''", with: "'")
        }
        if text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") {
            return unescape(String(text.dropFirst().dropLast()))
        }
        let plain = text.range(of: " #").map { String(text[..<$0.lowerBound]) } ?? text
        return ["~", "null", "[]", "{}"].contains(plain) ? "" : plain
    }

    /// A double-quoted scalar's escapes.
    static func unescape(_ text: String) -> String {
        var result = ""
        var iterator = text.makeIterator()
        while let character = iterator.next() {
            guard character == "\\", let next = iterator.next() else {
                result.append(character)
                continue
            }
            switch next {
            case "n": result.append("\n")
            case "t": result.append("\t")
            case "0": result.append("\u{0}")
            case "x", "u", "U":
                let count = next == "x" ? 2 : next == "u" ? 4 : 8
                var digits = ""
                for _ in 0..<count { if let digit = iterator.next() { digits.append(digit) } }
                if let value = UInt32(digits, radix: 16), let scalar = Unicode.Scalar(value) {
                    result.unicodeScalars.append(scalar)
                }
            default: result.append(next)
            }
        }
        return result
    }
}

extension String {
    fileprivate var trimmingLeadingSpaces: String { String(drop { $0 == " " || $0 == "\t" }) }
    fileprivate var trimmingTrailingSpaces: String {
        String(reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
