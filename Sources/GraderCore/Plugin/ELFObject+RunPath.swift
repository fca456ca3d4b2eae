import Foundation

extension ELFObject {
    /// `DT_NULL`, `DT_STRTAB`, `DT_RPATH` and `DT_RUNPATH`: the tags of the dynamic segment read here.
    private static let tags = (end: 0, strings: 5, oldRunPath: 15, runPath: 29)

    /// The entries of the library search path of the 64-bit little-endian ELF program at `path`
    /// (`DT_RUNPATH`, else `DT_RPATH`), in order, `$ORIGIN` ones as written; empty when it is not
    /// such a file, has none, or cannot be read.
    ///
    /// A release `grader` has the Swift runtime linked in, so it cannot tell from its own mappings
    /// which toolchain built it; the `grader-worker` built beside it links that toolchain's runtime
    /// dynamically, and its run path names the folder (`<usr>/lib/swift/linux`). Only the few
    /// hundred bytes on the way are read (the file header, the program headers, the dynamic
    /// segment, one string), through the program headers as the dynamic loader finds them, not the
    /// whole file: every grader start asks.
    ///
    /// - Parameter path: the program.
    /// - Returns: the entries.
    static func runPath(ofProgramAt path: String) -> [String] {
        guard let file = FileHandle(forReadingAtPath: path) else { return [] }
        defer { try? file.close() }
        return runPath { offset, count in
            guard (try? file.seek(toOffset: UInt64(offset))) != nil,
                let data = try? file.read(upToCount: count)
            else { return nil }
            return [UInt8](data)
        }
    }

    /// The run path of the program whose bytes `read(offset, count)` returns (fewer at the end of
    /// the file; `nil` when unreadable). See ``runPath(ofProgramAt:)``.
    static func runPath(read: (Int, Int) -> [UInt8]?) -> [String] {
        // The section reader's integers, little-endian, `nil` outside the bytes.
        func integer(_ bytes: [UInt8], _ offset: Int, _ width: Int) -> Int? {
            try? Reader(bytes: bytes, little: true).integer(at: offset, width: width)
        }
        guard let header = read(0, 64), header.count == 64, header[0..<4] == [0x7f, 0x45, 0x4c, 0x46],
            header[4] == 2, header[5] == 1, let programHeaders = integer(header, 0x20, 8),
            let entrySize = integer(header, 0x36, 2), let count = integer(header, 0x38, 2), entrySize >= 56,
            let table = read(programHeaders, entrySize * count), table.count == entrySize * count
        else { return [] }
        // The loadable segments map addresses to file offsets; the dynamic segment holds the tags.
        var loads: [(address: Int, offset: Int, size: Int)] = []
        var dynamic: (offset: Int, size: Int)?
        for index in 0..<count {
            let at = index * entrySize
            guard let type = integer(table, at, 4), let offset = integer(table, at + 8, 8),
                let address = integer(table, at + 16, 8), let size = integer(table, at + 32, 8)
            else { return [] }
            if type == 1 { loads.append((address, offset, size)) }
            if type == 2 { dynamic = (offset, size) }
        }
        guard let dynamic, dynamic.size <= 1 << 20, let entries = read(dynamic.offset, dynamic.size) else { return [] }
        var strings: Int?
        var found: (runPath: Int?, oldRunPath: Int?) = (nil, nil)
        var at = 0
        while let tag = integer(entries, at, 8), tag != tags.end, let value = integer(entries, at + 8, 8) {
            if tag == tags.strings { strings = value }
            if tag == tags.runPath { found.runPath = value }
            if tag == tags.oldRunPath { found.oldRunPath = value }
            at += 16
        }
        guard let strings, let name = found.runPath ?? found.oldRunPath,
            let segment = loads.first(where: { strings >= $0.address && strings < $0.address + $0.size })
        else { return [] }
        let start = strings - segment.address + segment.offset + name
        var text: [UInt8] = []
        while text.count < 1 << 16, let chunk = read(start + text.count, 512), !chunk.isEmpty {
            if let end = chunk.firstIndex(of: 0) {
                text += chunk[..<end]
                return String(decoding: text, as: UTF8.self).split(separator: ":").map(String.init)
            }
            text += chunk
        }
        return []
    }
}
