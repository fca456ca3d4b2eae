/// HTML being written, escaped by default: a tag's name and any raw markup must be string literals
/// (`StaticString`), and every `String` (a text node or an attribute's value) is escaped on the way
/// in. So nothing that comes from a student (a folder name, printed output, a compiler's diagnostic)
/// can become markup, whatever it holds.
struct HTMLMarkup {
    /// The markup so far.
    private(set) var text = ""

    /// Creates empty markup.
    init() {}

    /// Appends trusted markup, written in the grader's source.
    mutating func raw(_ literal: StaticString) {
        text += literal.description
    }

    /// Appends text, escaped.
    mutating func add(_ content: String) {
        text += HTMLMarkup.escape(content)
    }

    /// Appends markup built by another writer (escaped when it was built).
    mutating func add(_ other: HTMLMarkup) {
        text += other.text
    }

    /// Opens an element; an attribute whose value is `nil` is left out.
    mutating func open(_ tag: StaticString, _ attributes: KeyValuePairs<StaticString, String?> = [:]) {
        text += "<" + tag.description
        for (name, value) in attributes {
            guard let value else { continue }
            text += " " + name.description + "=\"" + HTMLMarkup.escape(value) + "\""
        }
        text += ">"
    }

    /// Closes an element.
    mutating func close(_ tag: StaticString) {
        text += "</" + tag.description + ">"
    }

    /// An element holding text.
    mutating func element(_ tag: StaticString, _ content: String) {
        element(tag, [:], content)
    }

    /// An element with attributes, holding text.
    mutating func element(_ tag: StaticString, _ attributes: KeyValuePairs<StaticString, String?>, _ content: String) {
        open(tag, attributes)
        add(content)
        close(tag)
    }

    /// An element holding what `body` writes.
    mutating func element(_ tag: StaticString, body: (inout HTMLMarkup) -> Void) {
        element(tag, [:], body: body)
    }

    /// An element with attributes, holding what `body` writes.
    mutating func element(
        _ tag: StaticString, _ attributes: KeyValuePairs<StaticString, String?>, body: (inout HTMLMarkup) -> Void
    ) {
        open(tag, attributes)
        body(&self)
        close(tag)
    }

    /// `text` with `&`, `<`, `>`, `"` and `'` as character references: safe in a text node and in a
    /// quoted attribute value.
    static func escape(_ content: String) -> String {
        var result = ""
        result.reserveCapacity(content.utf8.count)
        for scalar in content.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            case "\u{0}": result += "\u{FFFD}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// A relative URL's path segment for a file or folder name: every byte of its UTF-8 but the
    /// unreserved ASCII ones as `%XX` (so `%` itself, `#`, `?`, `/` and spaces never change the URL's
    /// meaning).
    static func pathSegment(_ name: String) -> String {
        let digits = Array("0123456789ABCDEF")
        var result = ""
        for byte in name.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                result.unicodeScalars.append(UnicodeScalar(byte))
            default:
                result += "%" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0xF)])
            }
        }
        return result
    }
}
