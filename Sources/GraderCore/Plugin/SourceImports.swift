/// The words of a Swift source file, and the modules it imports, read from them. Pure.
///
/// `import X`, `import struct X.Y`, `@testable import X` and `@preconcurrency import X` all import
/// `X`: the module is the first word after `import` that is not a kind of declaration. Words in
/// comments and string literals count too, so a file may seem to import more than it does, never
/// less.
enum SourceImports {
    /// The kinds of declaration an `import` may name before its module.
    static let kinds: Set<String> = ["struct", "class", "enum", "protocol", "typealias", "func", "var", "let"]

    /// The modules `source` imports, in order, or `nil` for an `import` with no module after it.
    static func modules(_ source: [UInt8]) -> [String]? {
        modules(words: identifiers(source))
    }

    /// The identifier-like words of a source: runs of letters, digits, `_` and any byte of a
    /// multi-byte UTF-8 character.
    static func identifiers(_ source: [UInt8]) -> [String] {
        source.split { byte in
            !(byte >= 0x80 || byte == UInt8(ascii: "_") || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")))
        }.map { String(decoding: $0, as: UTF8.self) }
    }

    /// The modules imported by a file made of `words` (see ``modules(_:)``).
    static func modules(words: [String]) -> [String]? {
        var found: [String] = []
        for (index, word) in words.enumerated() where word == "import" {
            guard let module = words[(index + 1)...].first(where: { !kinds.contains($0) }) else { return nil }
            found.append(module)
        }
        return found
    }

    /// Whether any of `sources` imports Foundation (so that its plugin links the toolchain's
    /// `libFoundation.so`).
    static func anyImportsFoundation(_ sources: [[UInt8]]) -> Bool {
        sources.contains { modules($0)?.contains("Foundation") ?? false }
    }
}
