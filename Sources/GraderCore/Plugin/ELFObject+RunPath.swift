extension ELFObject {
    /// `DT_RUNPATH` and `DT_RPATH`, the tags of `.dynamic` that name a program's library search path.
    private static let runPathTags = (runPath: 29, oldRunPath: 15)

    /// The entries of the program's library search path (`DT_RUNPATH`, else `DT_RPATH`), in order,
    /// `$ORIGIN` ones as written; empty when it has none.
    ///
    /// A release `grader` has the Swift runtime linked in, so it cannot tell from its own mappings
    /// which toolchain built it; the `grader-worker` built beside it links that toolchain's runtime
    /// dynamically, and its run path names the folder (`<usr>/lib/swift/linux`). Reading it costs a
    /// file read, where asking the worker would cost a process.
    ///
    /// - Throws: ``Failure`` when `.dynamic` or `.dynstr` lies outside the file.
    func runPath() throws -> [String] {
        guard let dynamic = try contents(ofSectionsNamed: ".dynamic").first,
            let strings = try contents(ofSectionsNamed: ".dynstr").first
        else { return [] }
        let width = wide ? 8 : 4
        var found: (runPath: Int?, oldRunPath: Int?) = (nil, nil)
        var entry = dynamic.startIndex
        while entry + 2 * width <= dynamic.endIndex {
            let tag = try reader.integer(at: entry, width: width)
            if tag == 0 { break }
            let value = try reader.integer(at: entry + width, width: width)
            if tag == Self.runPathTags.runPath { found.runPath = value }
            if tag == Self.runPathTags.oldRunPath { found.oldRunPath = value }
            entry += 2 * width
        }
        guard let name = found.runPath ?? found.oldRunPath else { return [] }
        guard name < strings.count else { throw Failure.malformed("a run path outside .dynstr") }
        let start = strings.startIndex + name
        let end = strings[start...].firstIndex(of: 0) ?? strings.endIndex
        return String(decoding: strings[start..<end], as: UTF8.self).split(separator: ":").map(String.init)
    }
}
