// Issue 9: the grader reads submissions without following links out of them, and a FIFO, a device,
// a folder or a file over the size cap in place of the file each get a verdict that says what is
// wrong; a student's folder that is a link is not graded with someone else's files. Issue 10: a
// file one folder down is found and named.

import Foundation
import GraderCore
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite("Submission files are read as a hostile party laid them out", .serialized)
struct SubmissionFilesTests {
    /// Grades `folder` for activation-backward.
    func grade(_ folder: String) throws -> ExerciseReport {
        try TestEnvironment.sharedGrader().grade(path: folder, exercise: .activationBackward)
    }

    func expectRefused(
        _ report: ExerciseReport, mentioning text: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(report.status == .rejectedFile, sourceLocation: sourceLocation)
        #expect(report.score == .zero, sourceLocation: sourceLocation)
        for method in report.methods {
            #expect(method.status == .rejectedFile, sourceLocation: sourceLocation)
            #expect(method.message.contains(text), "\(method.message)", sourceLocation: sourceLocation)
        }
    }

    @Test("a FIFO in place of the file is refused at once, not waited on")
    func fifoIsRefused() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let folder = scratch.path + "/student"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        #expect(mkfifo(folder + "/Activations.swift", 0o644) == 0)
        expectRefused(try grade(folder), mentioning: "FIFO")
    }

    @Test("a device in place of the file is refused", .enabled(if: geteuid() == 0, "making a device node needs root"))
    func deviceIsRefused() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let folder = scratch.path + "/student"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        // A character device like /dev/zero (major 1, minor 5).
        #expect(mknod(folder + "/Activations.swift", S_IFCHR | 0o644, (1 << 8) | 5) == 0)
        expectRefused(try grade(folder), mentioning: "device")
    }

    @Test("a file over the size cap is refused, saying the cap")
    func oversizedFileIsRefused() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let folder = try scratch.copy("Activations.swift", of: "alice", to: "student")
        let padding = String(repeating: "// padding\n", count: SubmissionReader.maximumBytes / 10)
        let handle = try #require(FileHandle(forWritingAtPath: folder + "/Activations.swift"))
        handle.seekToEndOfFile()
        handle.write(Data(padding.utf8))
        handle.closeFile()
        expectRefused(try grade(folder), mentioning: "at most \(SubmissionReader.maximumBytes / 1024) KiB")
    }

    @Test("a folder in place of the file is refused")
    func folderIsRefused() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try FileManager.default.createDirectory(
            atPath: scratch.path + "/student/Activations.swift", withIntermediateDirectories: true)
        expectRefused(try grade(scratch.path + "/student"), mentioning: "is a folder")
    }

    @Test("a file one folder down is named, with what to do")
    func fileOneFolderDownIsNamed() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try scratch.copy("Activations.swift", of: "alice", to: "ivan/hw3")
        let report = try grade(scratch.path + "/ivan")
        #expect(report.status == .missingFile)
        let message = try #require(report.methods.first?.message)
        #expect(message.contains("found hw3/Activations.swift") && message.contains("move it"), "\(message)")
    }

    @Test("a student folder that is a link is not graded with the files it points to")
    func linkedStudentFolderIsRefused() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let classFolder = scratch.path + "/class"
        try scratch.copy("Activations.swift", of: "alice", to: "class/alice")
        #expect(symlink("alice", classFolder + "/mallory") == 0)
        let batch = BatchGrader(
            grader: try TestEnvironment.sharedGrader(),
            options: .init(
                directory: classFolder, outputDirectory: scratch.path + "/out", exercises: [.activationBackward],
                jobs: 2, resume: false))
        let result = try batch.run()
        #expect(result.students.map(\.name) == ["alice", "mallory"])
        let alice = try #require(result.reports[StudentID("alice")]?[.activationBackward])
        let mallory = try #require(result.reports[StudentID("mallory")]?[.activationBackward])
        #expect(alice.score == alice.maxScore)
        #expect(mallory.status == .rejectedFile)
        #expect(mallory.score == .zero)
        #expect(mallory.methods.allSatisfy { $0.message.contains("symbolic link") })
    }
}
