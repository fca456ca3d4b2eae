/// A student of a class: the name of their folder, compared, hashed and sorted by its exact bytes.
///
/// Two folder names that are equal under Unicode canonical equivalence (`zoé` written with a
/// precomposed `é` and with `e` and a combining accent) are two students, as they are two folders on
/// disk; Swift's `String` would call them equal and merge them.
public struct StudentID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The folder name's bytes.
    public let bytes: [UInt8]

    /// A student from the bytes of a folder name.
    public init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// A student from a name (its UTF-8 bytes).
    public init(_ name: String) {
        self.bytes = Array(name.utf8)
    }

    /// The name as text (invalid UTF-8 shown as U+FFFD), for reports; ``folderName`` for paths.
    public var name: String { String(decoding: bytes, as: UTF8.self) }

    public var description: String { name }

    public static func < (lhs: StudentID, rhs: StudentID) -> Bool { lhs.bytes.lexicographicallyPrecedes(rhs.bytes) }

    /// The name of the student's folder in a report folder: the name itself when it is plain, else
    /// with `%XX` for each byte that is not (invalid UTF-8, a control character, `%`, a leading dot,
    /// and the first byte of a name a class-level file has, so that no student shadows
    /// `grades.csv`). One-to-one: `%` is always encoded.
    public var folderName: String {
        let reserved = ClassFiles.reservedNames.contains(name.lowercased())
        guard let text = String(validating: bytes, as: UTF8.self) else {
            return bytes.map { (0x21..<0x7F).contains($0) && $0 != 0x25 ? String(UnicodeScalar($0)) : Self.escape($0) }
                .joined()
        }
        var result = ""
        for (offset, scalar) in text.unicodeScalars.enumerated() {
            let leading = offset == 0 && (scalar == "." || reserved)
            if leading || scalar == "%" || scalar == "\n" || scalar == "\t" || OutputCapture.isUnsafe(scalar) {
                result += String(scalar).utf8.map(Self.escape).joined()
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// The student whose ``folderName`` is `folderName` (the inverse of ``folderName``), or `nil` when
    /// it is not one (a `%` not followed by two upper-case hexadecimal digits).
    public init?(folderName: String) {
        var bytes: [UInt8] = []
        var utf8 = folderName.utf8.makeIterator()
        while let byte = utf8.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = utf8.next().flatMap(Self.hexValue), let low = utf8.next().flatMap(Self.hexValue) else {
                return nil
            }
            bytes.append(high << 4 | low)
        }
        self.bytes = bytes
        guard self.folderName == folderName else { return nil }
    }

    private static func hexValue(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    private static func escape(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return "%" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0xF)])
    }
}
