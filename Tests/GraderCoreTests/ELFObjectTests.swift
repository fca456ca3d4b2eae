// Issue 15: the grader reads a Swift object's autolink entries itself, instead of running
// swift-autolink-extract. ELF files made here, well-formed (both classes, both byte orders) and not
// (every truncation, damaged headers): values or errors, never a trap.

import Foundation
import Testing

@testable import GraderCore

/// An ELF file made of named sections, 64- or 32-bit, either byte order: what the reader is tested on.
struct ELFBuilder {
    var wide = true
    var little = true
    var sections: [(name: String, bytes: [UInt8])] = []

    func field(_ value: Int, _ width: Int) -> [UInt8] {
        let bytes = (0..<width).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
        return little ? bytes : bytes.reversed()
    }

    /// The file: header, the sections' bytes, the name table, then the section headers.
    func build() -> [UInt8] {
        let headerSize = wide ? 64 : 52
        let entrySize = wide ? 64 : 40
        var names: [UInt8] = [0]
        var nameOffsets: [Int] = []
        for section in sections + [(name: ".shstrtab", bytes: [])] {
            nameOffsets.append(names.count)
            names += Array(section.name.utf8) + [0]
        }
        var body: [UInt8] = []
        var offsets: [Int] = []
        for section in sections {
            offsets.append(headerSize + body.count)
            body += section.bytes
        }
        let namesOffset = headerSize + body.count
        body += names
        let tableOffset = headerSize + body.count
        var file: [UInt8] =
            [0x7f, 0x45, 0x4c, 0x46, wide ? 2 : 1, little ? 1 : 2, 1, 0] + Array(repeating: 0, count: 8)
        file += field(1, 2) + field(62, 2) + field(1, 4)  // type, machine, version
        file += field(0, wide ? 8 : 4) + field(0, wide ? 8 : 4) + field(tableOffset, wide ? 8 : 4)  // entry, ph, sh
        file += field(0, 4) + field(headerSize, 2) + field(0, 2) + field(0, 2)  // flags, ehsize, phentsize, phnum
        file += field(entrySize, 2) + field(sections.count + 2, 2) + field(sections.count + 1, 2)
        file += body
        func header(name: Int, type: Int, offset: Int, size: Int) -> [UInt8] {
            var entry = field(name, 4) + field(type, 4)
            entry += field(0, wide ? 8 : 4) + field(0, wide ? 8 : 4)  // flags, address
            entry += field(offset, wide ? 8 : 4) + field(size, wide ? 8 : 4)
            entry += field(0, 4) + field(0, 4) + field(1, wide ? 8 : 4) + field(0, wide ? 8 : 4)
            return entry
        }
        file += header(name: 0, type: 0, offset: 0, size: 0)
        for (index, section) in sections.enumerated() {
            file += header(name: nameOffsets[index], type: 1, offset: offsets[index], size: section.bytes.count)
        }
        file += header(name: nameOffsets[sections.count], type: 3, offset: namesOffset, size: names.count)
        return file
    }
}

@Suite("ELF sections and autolink entries")
struct ELFObjectTests {
    static let autolink = Array("-lfoo\0-lswiftCore\0-lswiftSwiftOnoneSupport\0-lm\0-lfoo\0".utf8)

    @Test("an ELF file's sections are read in every class and byte order", arguments: [true, false], [true, false])
    func sections(wide: Bool, little: Bool) throws {
        let file = ELFBuilder(
            wide: wide, little: little, sections: [(".text", [1, 2, 3]), (AutolinkEntries.sectionName, Self.autolink)]
        ).build()
        let object = try ELFObject(file)
        #expect(object.sections.map(\.name) == ["", ".text", ".swift1_autolink_entries", ".shstrtab"])
        #expect(try object.contents(ofSectionsNamed: ".text").map(Array.init) == [[1, 2, 3]])
        #expect(
            AutolinkEntries.linkerFlags(ofObject: file) == [
                "-lfoo", "-lfoo", "-lswiftSwiftOnoneSupport", "-lswiftCore", "-lm",
            ])
    }

    @Test("bytes that are not a well-formed ELF file are an error, never a trap")
    func malformed() {
        let good = ELFBuilder(sections: [(AutolinkEntries.sectionName, Self.autolink)]).build()
        #expect(throws: ELFObject.Failure.notELF) { try ELFObject(Array("not an object".utf8)) }
        #expect(throws: ELFObject.Failure.notELF) { try ELFObject([]) }
        // Every truncation of a good file, and every byte of its headers set to 0xff, fails cleanly.
        // The section headers come last: every shorter prefix cuts them.
        for length in 0..<good.count {
            #expect(AutolinkEntries.linkerFlags(ofObject: Array(good.prefix(length))) == nil, "\(length) bytes")
        }
        for index in 0..<64 {
            var damaged = good
            damaged[index] = 0xff
            _ = AutolinkEntries.linkerFlags(ofObject: damaged)
        }
        var tableAt = good
        tableAt[0x28..<0x30] = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]
        #expect(throws: ELFObject.Failure.self) { try ELFObject(tableAt) }
        var hugeCount = good
        hugeCount[0x3c..<0x3e] = [0, 0]  // extended numbering: the count is section 0's size
        let sectionZero = good[0x28..<0x30].reversed().reduce(0) { $0 << 8 | Int($1) } + 0x20
        hugeCount[sectionZero..<(sectionZero + 8)] = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x0f]
        #expect(throws: ELFObject.Failure.self) { try ELFObject(hugeCount) }
    }

    @Test("autolink entries keep swift-autolink-extract's order: others as found, then the runtime's, once")
    func order() {
        let ordered = AutolinkEntries.ordered([
            ["-lswiftCore", "-lExtra", "-lFoundation"], ["-lswiftCore", "-lm", "-lExtra", "-lswiftSwiftOnoneSupport"],
        ])
        #expect(ordered == ["-lExtra", "-lExtra", "-lswiftSwiftOnoneSupport", "-lswiftCore", "-lFoundation", "-lm"])
        #expect(AutolinkEntries.entries(Array("\0-la\0\0-lb".utf8)[...]) == ["-la", "-lb"])
    }

    @Test("only plain -l flags are taken from an object: anything else keeps the compile on the driver")
    func plainLibrariesOnly() {
        for flag in ["-lswiftCore", "-lc++", "-lfoo.bar", "-lz_1-2"] { #expect(AutolinkEntries.isPlainLibrary(flag)) }
        for flag in [
            "-l", "-l-o", "-o/tmp/x", "-Wl,--script=/etc/passwd", "-l/etc/x", "-lfoo bar", "-l:libx.so", "@file",
        ] {
            #expect(!AutolinkEntries.isPlainLibrary(flag), "\(flag)")
        }
        let hostile = ELFBuilder(sections: [(AutolinkEntries.sectionName, Array("-lm\0-fuse-ld=/tmp/evil\0".utf8))])
        #expect(AutolinkEntries.linkerFlags(ofObject: hostile.build()) == nil)
        #expect(AutolinkEntries.linkerFlags(ofObject: ELFBuilder(sections: [(".text", [0])]).build()) == [])
    }

    /// A 64-bit little-endian program: the file header, a loadable segment at address 0x400000
    /// holding everything, a dynamic segment with `entries`, then `strings` (the string table).
    static func program(_ entries: [(Int, Int)], strings: [UInt8]) -> [UInt8] {
        func field(_ value: Int, _ width: Int) -> [UInt8] {
            (0..<width).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
        }
        let base = 0x40_0000
        let dynamicOffset = 64 + 2 * 56
        let dynamic = (entries.map { ($0.0, $0.1) } + [(0, 0)])
        let stringsOffset = dynamicOffset + 16 * dynamic.count
        let size = stringsOffset + strings.count
        var file: [UInt8] = [0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0] + Array(repeating: 0, count: 8)
        file += field(3, 2) + field(62, 2) + field(1, 4) + field(0, 8) + field(64, 8) + field(0, 8)
        file += field(0, 4) + field(64, 2) + field(56, 2) + field(2, 2) + field(64, 2) + field(0, 2) + field(0, 2)
        func segment(_ type: Int, _ offset: Int, _ length: Int) -> [UInt8] {
            field(type, 4) + field(4, 4) + field(offset, 8) + field(base + offset, 8) + field(base + offset, 8)
                + field(length, 8) + field(length, 8) + field(8, 8)
        }
        file += segment(1, 0, size) + segment(2, dynamicOffset, 16 * dynamic.count)
        for (tag, value) in dynamic {
            file += field(tag, 8) + field(tag == 5 ? base + stringsOffset : value, 8)
        }
        return file + strings
    }

    /// The run path of `bytes` through the reader a release grader uses.
    static func runPath(_ bytes: [UInt8]) -> [String] {
        ELFObject.runPath { offset, count in
            guard offset >= 0, offset <= bytes.count else { return nil }
            return Array(bytes[offset..<min(bytes.count, offset + count)])
        }
    }

    @Test("a program's run path: DT_RUNPATH before DT_RPATH, through the program headers")
    func runPath() throws {
        let strings = Array("\0/old/lib\0/opt/swift/usr/lib/swift/linux:$ORIGIN\0".utf8)
        // DT_NEEDED, DT_RPATH, DT_RUNPATH; DT_STRTAB's address is filled in by the builder.
        let both = Self.program([(1, 3), (15, 1), (29, 10), (5, 0)], strings: strings)
        #expect(Self.runPath(both) == ["/opt/swift/usr/lib/swift/linux", "$ORIGIN"])
        #expect(Self.runPath(Self.program([(5, 0), (15, 1)], strings: strings)) == ["/old/lib"])
        #expect(Self.runPath(Self.program([(5, 0), (1, 3)], strings: strings)) == [], "no run path")
        #expect(Self.runPath(Self.program([(29, 10)], strings: strings)) == [], "no string table")
        #expect(Self.runPath(Self.program([(5, 0), (29, 4096)], strings: strings)) == [], "a name past the end")
        for length in [0, 16, 63, 64, 100, both.count - 1] {
            #expect(Self.runPath(Array(both.prefix(length))) == [], "truncated to \(length) bytes")
        }
        #expect(Self.runPath(ELFBuilder().build()) == [], "an object without program headers")
    }

    @Test("the grader-worker's run path names the runtime this process runs on, as a release grader reads it")
    func workerRunPathNamesTheRuntime() throws {
        let loaded = try #require(Toolchain.loadedRuntimeDirectory(), "this test process maps libswiftCore.so")
        let worker = WorkerLauncher.workerProgram(besides: TestEnvironment.graderBinary)
        try #require(worker.hasSuffix("/grader-worker"), "the build has no grader-worker")
        let entries = ELFObject.runPath(ofProgramAt: worker)
        #expect(entries.contains(loaded), "\(entries)")
        #expect(Toolchain.workerRuntimeDirectory(besides: TestEnvironment.graderBinary) == loaded)
        #expect(Toolchain.workerRuntimeDirectory(besides: "/nonexistent/grader") == nil)
    }
}
