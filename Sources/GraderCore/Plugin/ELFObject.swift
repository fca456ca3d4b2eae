/// The sections of an ELF file, read from its bytes: enough to find a relocatable object's
/// `.swift1_autolink_entries` (see ``AutolinkEntries``). Pure: bytes in, values out; every offset
/// and size is checked against the file, so a truncated or hostile file is an error, never a trap.
///
/// Both classes (32- and 64-bit) and both byte orders are read; section headers only (the
/// section-name string table and the sections' own bytes), the way `readelf -S` lists them,
/// including the extended numbering an object with 65,280 sections or more uses.
struct ELFObject {
    /// Why bytes are not a readable ELF file.
    enum Failure: Error, Equatable, CustomStringConvertible {
        /// Not an ELF file (no `\x7fELF` magic), or an unknown class or byte order.
        case notELF
        /// A header, a section or a name lies outside the file.
        case truncated(String)
        /// A header field makes no sense (section header entries too small, an index out of range).
        case malformed(String)

        var description: String {
            switch self {
            case .notELF: "not an ELF file"
            case .truncated(let what): "truncated ELF file (\(what))"
            case .malformed(let what): "malformed ELF file (\(what))"
            }
        }
    }

    /// One section: its name and where its bytes are.
    struct Section: Equatable {
        /// The name, from the section-name string table.
        var name: String
        /// `sh_type` (`SHT_NOBITS`, 8, has no bytes in the file).
        var type: UInt32
        /// Where its bytes start in the file.
        var offset: Int
        /// How many bytes it has.
        var size: Int
    }

    /// The sections, in header order (the null section 0 included).
    let sections: [Section]
    private let bytes: [UInt8]

    /// `SHT_NOBITS`: a section that occupies no bytes in the file (`.bss`).
    static let noBits: UInt32 = 8

    /// Reads the section headers of `bytes`.
    ///
    /// - Throws: ``Failure`` when the bytes are not a well-formed ELF file.
    init(_ bytes: [UInt8]) throws {
        self.bytes = bytes
        guard bytes.count >= 16, bytes[0] == 0x7f, bytes[1] == 0x45, bytes[2] == 0x4c, bytes[3] == 0x46 else {
            throw Failure.notELF
        }
        let wide: Bool
        switch bytes[4] {
        case 1: wide = false
        case 2: wide = true
        default: throw Failure.notELF
        }
        let little: Bool
        switch bytes[5] {
        case 1: little = true
        case 2: little = false
        default: throw Failure.notELF
        }
        let reader = Reader(bytes: bytes, little: little)
        let headerSize = wide ? 64 : 52
        guard bytes.count >= headerSize else { throw Failure.truncated("file header") }
        let tableOffset = try wide ? reader.integer(at: 0x28, width: 8) : reader.integer(at: 0x20, width: 4)
        let base = wide ? 0x3a : 0x2e
        let entrySize = try reader.integer(at: base, width: 2)
        var count = try reader.integer(at: base + 2, width: 2)
        var namesIndex = try reader.integer(at: base + 4, width: 2)
        guard tableOffset != 0 else {
            sections = []
            return
        }
        let minimumEntry = wide ? 64 : 40
        guard entrySize >= minimumEntry else { throw Failure.malformed("section header entries of \(entrySize) bytes") }
        let header = { (index: Int) throws -> RawHeader in
            let (start, overflow) = index.multipliedReportingOverflow(by: entrySize)
            guard !overflow, tableOffset <= bytes.count, start <= bytes.count - tableOffset,
                entrySize <= bytes.count - tableOffset - start
            else { throw Failure.truncated("section header \(index)") }
            let at = tableOffset + start
            return RawHeader(
                nameOffset: try reader.integer(at: at, width: 4),
                type: UInt32(try reader.integer(at: at + 4, width: 4)),
                offset: try reader.integer(at: at + (wide ? 0x18 : 0x10), width: wide ? 8 : 4),
                size: try reader.integer(at: at + (wide ? 0x20 : 0x14), width: wide ? 8 : 4),
                link: try reader.integer(at: at + (wide ? 0x28 : 0x18), width: 4))
        }
        // Extended numbering: the real count is section 0's size, the real name index its link.
        if count == 0 || namesIndex == 0xffff {
            let first = try header(0)
            if count == 0 { count = first.size }
            if namesIndex == 0xffff { namesIndex = first.link }
        }
        guard tableOffset <= bytes.count, count <= (bytes.count - tableOffset) / entrySize else {
            throw Failure.truncated("\(count) section headers")
        }
        let raw = try (0..<count).map(header)
        guard namesIndex < count else { throw Failure.malformed("section name table \(namesIndex) of \(count)") }
        let names = raw[namesIndex]
        guard names.offset <= bytes.count, names.size <= bytes.count - names.offset else {
            throw Failure.truncated("section name table")
        }
        let namesEnd = names.offset + names.size
        sections = try raw.map { entry in
            guard entry.nameOffset < names.size else { throw Failure.malformed("a section name outside its table") }
            let start = names.offset + entry.nameOffset
            let end = bytes[start..<namesEnd].firstIndex(of: 0) ?? namesEnd
            return Section(
                name: String(decoding: bytes[start..<end], as: UTF8.self), type: entry.type, offset: entry.offset,
                size: entry.size)
        }
    }

    /// A section header's fields, before its name is looked up.
    private struct RawHeader {
        var nameOffset: Int
        var type: UInt32
        var offset: Int
        var size: Int
        var link: Int
    }

    /// The bytes of every section named `name`, in header order (an object may have several).
    ///
    /// - Throws: ``Failure/truncated(_:)`` when such a section lies outside the file.
    func contents(ofSectionsNamed name: String) throws -> [ArraySlice<UInt8>] {
        try sections.filter { $0.name == name }.map { section in
            if section.type == ELFObject.noBits { return [] }
            guard section.offset <= bytes.count, section.size <= bytes.count - section.offset else {
                throw Failure.truncated("section \(name)")
            }
            return bytes[section.offset..<(section.offset + section.size)]
        }
    }

    /// Reads little- or big-endian unsigned integers inside the file.
    struct Reader {
        let bytes: [UInt8]
        let little: Bool

        /// The unsigned integer of `width` bytes at `offset`.
        ///
        /// - Throws: ``Failure`` when it lies outside the bytes or does not fit an `Int`.
        func integer(at offset: Int, width: Int) throws -> Int {
            guard offset >= 0, offset <= bytes.count - width else { throw Failure.truncated("a field at \(offset)") }
            var value: UInt64 = 0
            for index in 0..<width {
                let byte = UInt64(bytes[offset + (little ? width - 1 - index : index)])
                value = value << 8 | byte
            }
            guard value <= UInt64(Int.max) else { throw Failure.malformed("a field of \(value) at \(offset)") }
            return Int(value)
        }
    }
}
