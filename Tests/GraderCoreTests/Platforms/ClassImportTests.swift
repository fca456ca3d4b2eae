import Foundation
import GraderCore
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Finding a submission's files where platforms put them, and reading a platform's class into a
/// folder per student, without following anything.
@Suite("Class imports")
struct ClassImportTests {
    static let exercises = ExerciseCatalog.standard.exercises

    static func write(_ text: String, to path: String) throws {
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    @Test func theShallowestFileIsFoundExactNamesFirstAndLinkedFoldersAreNotEntered() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let root = scratch.path + "/submission"
        try Self.write("a", to: root + "/hw/deep/FullyConnected.swift")
        try Self.write("b", to: root + "/hw/FullyConnected.swift")
        try Self.write("c", to: root + "/zz/FullyConnected.swift")
        try Self.write("d", to: root + "/activations.swift")
        try Self.write("e", to: root + "/x/y/Activations.swift")
        try Self.write("f", to: root + "/.hidden/Losses.swift")
        try Self.write("g", to: scratch.path + "/elsewhere/Losses.swift")
        #expect(symlink(scratch.path + "/elsewhere", root + "/linked") == 0)
        let found = SubmissionSearch.find(Self.exercises, in: root)
        #expect(found[.fcBackward]?.relativePath == "hw/FullyConnected.swift")
        #expect(found[.fcBackward]?.others == ["zz/FullyConnected.swift"])
        #expect(found[.activationBackward]?.relativePath == "x/y/Activations.swift", "an exact name wins over a case")
        #expect(found[.lossBackward] == nil, "neither hidden folders nor links are entered")

        let staged = try SubmissionSearch.stage(Self.exercises, from: root, into: scratch.path + "/staged")
        #expect(try String(contentsOfFile: staged.directory + "/FullyConnected.swift", encoding: .utf8) == "b")
        #expect(staged.notes.contains("FullyConnected.swift: graded hw/FullyConnected.swift"))
        #expect(staged.notes.contains { $0.contains("also found zz/FullyConnected.swift") })
        #expect(
            Set(try FileManager.default.contentsOfDirectory(atPath: staged.directory)) == [
                "FullyConnected.swift", "Activations.swift",
            ])
    }

    @Test func aLinkIsCopiedAsALinkAndAHugeFileAsItsSizeSoTheVerdictsStay() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let root = scratch.path + "/submission"
        try FileManager.default.createDirectory(atPath: root + "/hw", withIntermediateDirectories: true)
        #expect(symlink("/etc/passwd", root + "/hw/FullyConnected.swift") == 0)
        let huge = open(root + "/hw/Losses.swift", O_WRONLY | O_CREAT, 0o644)
        #expect(ftruncate(huge, off_t(SubmissionReader.maximumBytes + 4096)) == 0)
        close(huge)
        let staged = try SubmissionSearch.stage(Self.exercises, from: root, into: scratch.path + "/staged")
        let fc = try SubmissionReader.read(
            staged.directory, exercise: try #require(ExerciseCatalog.standard.exercise(.fcBackward)))
        guard case .refused(let message) = fc else {
            Issue.record("\(fc)")
            return
        }
        #expect(message.contains("symbolic link"))
        let losses = try SubmissionReader.read(
            staged.directory, exercise: try #require(ExerciseCatalog.standard.exercise(.lossBackward)))
        guard case .refused(let tooLarge) = losses else {
            Issue.record("\(losses)")
            return
        }
        #expect(tooLarge.contains("at most"))
    }

    @Test func layoutsAreRecognised() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try Self.write("x", to: scratch.path + "/folders/alice/FullyConnected.swift")
        try Self.write("x", to: scratch.path + "/canvas/smithalice_1001_5_FullyConnected.swift")
        try Self.write("x", to: scratch.path + "/gradescope/export/submission_metadata.yml")
        try Self.write("x", to: scratch.path + "/gradescope/export/submission_1/FullyConnected.swift")
        for (folder, layout) in [
            ("folders", ClassImport.Layout.folders), ("canvas", .canvas), ("gradescope", .gradescope),
        ] {
            let opened = try ClassImport.open(
                scratch.path + "/" + folder, layout: nil, exercises: Self.exercises,
                outputDirectory: scratch.path + "/out-" + folder)
            #expect(opened.layout == layout, "\(folder)")
        }
        let plain = try ClassImport.open(
            scratch.path + "/folders", layout: nil, exercises: Self.exercises, outputDirectory: scratch.path + "/out")
        #expect(plain.directory == scratch.path + "/folders" && plain.identities.isEmpty)
        #expect(throws: GraderError.self) {
            try ClassImport.open(
                scratch.path + "/missing", layout: nil, exercises: Self.exercises,
                outputDirectory: scratch.path + "/out")
        }
    }

    @Test func canvasFilesBecomeAFolderPerStudentWithTheLaterReupload() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let download = scratch.path + "/download"
        try Self.write("old", to: download + "/smithalice_LATE_1001_50001_FullyConnected.swift")
        try Self.write("new", to: download + "/smithalice_LATE_1001_50009_FullyConnected-1.swift")
        try Self.write("acts", to: download + "/smithalice_LATE_1001_50002_Activations.swift")
        try Self.write("<p>", to: download + "/jonesbob_1002_text.html")
        try Self.write("?", to: download + "/notes.txt")
        #expect(symlink("/etc/passwd", download + "/jonesbob_1002_50003_Losses.swift") == 0)
        let opened = try ClassImport.open(
            download, layout: nil, exercises: Self.exercises, outputDirectory: scratch.path + "/out")
        #expect(opened.layout == .canvas)
        #expect(opened.directory == scratch.path + "/out/.submissions")
        let alice = StudentID("smithalice (1001)")
        let bob = StudentID("jonesbob (1002)")
        #expect(Set(opened.identities.keys) == [alice, bob])
        #expect(opened.identities[alice]?.late == true)
        #expect(opened.identities[alice]?.people == [PlatformIdentity.Person(name: "smithalice", userID: "1001")])
        #expect(opened.identities[bob]?.late == false)
        let folder = opened.directory + "/" + alice.name
        #expect(try String(contentsOfFile: folder + "/FullyConnected.swift", encoding: .utf8) == "new")
        #expect(try String(contentsOfFile: folder + "/Activations.swift", encoding: .utf8) == "acts")
        #expect(
            FileManager.default.destinationOfSymbolicLinkSafe(opened.directory + "/" + bob.name + "/Losses.swift")
                == "/etc/passwd")
        #expect(opened.notes.contains { $0.contains("notes.txt") && $0.contains("skipped") })
        #expect(opened.notes.contains { $0.contains("graded the later") })
        #expect(opened.notes.contains { $0.contains("text submitted") })
        // Read again: the copy is replaced, not added to.
        try FileManager.default.removeItem(atPath: download + "/notes.txt")
        let again = try ClassImport.open(
            download, layout: .canvas, exercises: Self.exercises, outputDirectory: scratch.path + "/out")
        #expect(again.identities == opened.identities)
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path + "/out").sorted() == [".submissions"])
    }

    @Test func gradescopeFoldersAreNamedAfterTheirSubmitters() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let export = scratch.path + "/export"
        try Self.write(ExportFormatTests.realExport, to: export + "/submission_metadata.yml")
        try Self.write("fc", to: export + "/submission_216975964/hw/FullyConnected.swift")
        try Self.write("fc", to: export + "/submission_999/FullyConnected.swift")
        let opened = try ClassImport.open(
            export, layout: nil, exercises: Self.exercises, outputDirectory: scratch.path + "/out")
        let group = StudentID("Ada Lovelace & Charles Babbage (216975964)")
        #expect(Set(opened.identities.keys) == [group, StudentID("999")])
        #expect(opened.identities[group]?.people.map(\.email) == ["ada@example.edu", "charles@example.edu"])
        #expect(opened.identities[group]?.submissionID == "216975964")
        #expect(opened.identities[group]?.files == ["hw/FullyConnected.swift"])
        #expect(FileManager.default.fileExists(atPath: opened.directory + "/" + group.name + "/FullyConnected.swift"))
        #expect(
            opened.notes.contains { $0.contains("submission_999") && $0.contains("not in submission_metadata.yml") })
        #expect(opened.notes.contains { $0.contains("submission_216975965") && $0.contains("not in the export") })
    }

    @Test func aZipIsExtractedWithUnzip() throws {
        try #require(
            FileManager.default.isExecutableFile(atPath: "/usr/bin/zip"), "zip is needed (.ci/run installs it)")
        let scratch = try Scratch()
        defer { scratch.remove() }
        try Self.write("x", to: scratch.path + "/canvas/smithalice_1001_5_FullyConnected.swift")
        let zip = Process()
        zip.executableURL = URL(fileURLWithPath: "/usr/bin/zip")
        zip.currentDirectoryURL = URL(fileURLWithPath: scratch.path + "/canvas")
        zip.arguments = ["-q", "-r", scratch.path + "/canvas.zip", "."]
        try zip.run()
        zip.waitUntilExit()
        let opened = try ClassImport.open(
            scratch.path + "/canvas.zip", layout: nil, exercises: Self.exercises, outputDirectory: scratch.path + "/out"
        )
        #expect(opened.layout == .canvas && opened.identities.count == 1)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: scratch.path + "/out") == [".submissions"],
            "the extraction is removed")
    }
}

extension FileManager {
    /// Where a link points, or `nil` when `path` is not a link.
    func destinationOfSymbolicLinkSafe(_ path: String) -> String? {
        try? destinationOfSymbolicLink(atPath: path)
    }
}
