/// The libraries a Swift object asks to be linked with: its `.swift1_autolink_entries` sections,
/// read the way the toolchain's `swift-autolink-extract` reads them, so the linker can be run
/// without it (a process of its own, about 13 ms a compile).
///
/// Each section holds NUL-terminated linker flags. Like the tool, the flags of the Swift runtime,
/// Foundation and a few system libraries (``runtimeLibraries``) come last, once each, in that list's
/// order, and every other flag comes first, in the order found. A test compares the result with the
/// tool's own output, so a toolchain whose tool orders them otherwise is noticed.
///
/// The object comes from a student's file, so its entries are not trusted: only plain `-l<name>`
/// flags are accepted (``linkerFlags(ofObject:)`` returns `nil` otherwise, and the compiler then
/// runs the `swiftc` driver, which passes them to `clang` as it always did, inside the sandbox).
enum AutolinkEntries {
    /// The section that holds the entries.
    static let sectionName = ".swift1_autolink_entries"

    /// The flags `swift-autolink-extract` (Swift 6.3) writes after all others, in this order.
    static let runtimeLibraries = [
        "-lswiftSwiftOnoneSupport", "-lswiftCore", "-lswift_Concurrency", "-lswift_StringProcessing",
        "-lswiftRegexBuilder", "-lswift_RegexParser", "-lswift_Builtin_float", "-lswift_math", "-lswiftRuntime",
        "-lswiftSynchronization", "-lswiftGlibc", "-lswiftAndroid", "-lBlocksRuntime", "-ldispatch",
        "-lDispatchStubs", "-lswiftDispatch", "-l_FoundationICU", "-lCoreFoundation", "-lFoundation",
        "-lFoundationEssentials", "-lFoundationInternationalization", "-lFoundationNetworking", "-lFoundationXML",
        "-lcurl", "-lxml2", "-luuid", "-lTesting", "-lXCTest", "-lm", "-lpthread", "-lutil", "-ldl", "-lz",
    ]

    /// The linker flags of an object file's bytes, in the order `swift-autolink-extract` writes them,
    /// or `nil` when the bytes are not an ELF file or a flag is anything but `-l` and a plain
    /// library name.
    static func linkerFlags(ofObject bytes: [UInt8]) -> [String]? {
        guard let object = try? ELFObject(bytes),
            let sections = try? object.contents(ofSectionsNamed: sectionName)
        else { return nil }
        let flags = ordered(sections.map(entries))
        return flags.allSatisfy(isPlainLibrary) ? flags : nil
    }

    /// The NUL-separated, non-empty entries of one section's bytes.
    static func entries(_ section: ArraySlice<UInt8>) -> [String] {
        section.split(separator: 0, omittingEmptySubsequences: true).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The entries of several sections in the tool's order: every flag that is not a runtime library's
    /// as found (repeats kept), then the runtime libraries found, once each, in ``runtimeLibraries``'s order.
    static func ordered(_ sections: [[String]]) -> [String] {
        let runtime = Set(runtimeLibraries)
        let all = sections.flatMap { $0 }
        let found = Set(all.filter(runtime.contains))
        return all.filter { !runtime.contains($0) } + runtimeLibraries.filter(found.contains)
    }

    /// Whether a flag is `-l` followed by a library name of letters, digits, `_`, `.`, `+` and `-`
    /// (not starting with `-`): nothing a linker could read as another option or a path.
    static func isPlainLibrary(_ flag: String) -> Bool {
        guard flag.hasPrefix("-l") else { return false }
        let name = flag.utf8.dropFirst(2)
        guard let first = name.first, first != UInt8(ascii: "-"), name.count <= 255 else { return false }
        return name.allSatisfy { byte in
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                || [UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "+"), UInt8(ascii: "-")].contains(byte)
        }
    }
}
