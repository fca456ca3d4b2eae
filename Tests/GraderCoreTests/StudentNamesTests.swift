// Issue 9: students are keyed by the exact bytes of their folder names; no name shadows a class
// file; a name a spreadsheet would run as a formula is written as text. Unit tests of the naming
// rules, then a batch of such a class through the real pipeline.

import Foundation
import GraderCore
import TestSupport
import Testing

@Suite("Student names")
struct StudentNamesTests {
    /// `zoé` with a precomposed é, and with e and a combining acute accent.
    static let composed = "zo\u{E9}"
    static let decomposed = "zoe\u{301}"

    @Test("two names equal under canonical equivalence are two students, in two folders")
    func canonicallyEqualNamesStayApart() {
        #expect(Self.composed == Self.decomposed, "Swift's String equality merges them")
        let a = StudentID(Self.composed)
        let b = StudentID(Self.decomposed)
        #expect(a != b)
        #expect(Set([a, b]).count == 2)
        // Compared as bytes: as Strings the two folder names would be "equal" too.
        #expect(Array(a.folderName.utf8) != Array(b.folderName.utf8))
        #expect(a.folderName == Self.composed, "a plain name is its own folder name")
    }

    @Test(
        "a name that is a class file's, or starts with a dot, or holds % or a control character, is encoded",
        arguments: [
            ("grades.csv", "%67rades.csv"), ("summary.json", "%73ummary.json"), ("Index.HTML", "%49ndex.HTML"),
            (".hidden", "%2Ehidden"), ("100%", "100%25"), ("a\u{1B}]0;x\u{07}", "a%1B]0;x%07"),
            ("two\nlines", "two%0Alines"),
            ("张三", "张三"),
        ])
    func folderNames(_ name: String, _ folder: String) {
        #expect(StudentID(name).folderName == folder)
    }

    @Test("folder names are one to one: a name that looks encoded is encoded itself")
    func folderNamesAreInjective() {
        let names = ["grades.csv", "%67rades.csv", "100%", "100%25", Self.composed, Self.decomposed, "a", "A"]
        #expect(Set(names.map { Array(StudentID($0).folderName.utf8) }).count == names.count)
    }

    @Test(
        "CSV cells a spreadsheet would run are written as quoted text",
        arguments: [
            ("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\""), ("+1", "\"'+1\""), ("-2", "\"'-2\""),
            ("@SUM(A1)", "\"'@SUM(A1)\""), ("\tx", "\"'\tx\""), ("alice", "alice"), ("a,b", "\"a,b\""),
        ])
    func csvFields(_ text: String, _ field: String) {
        #expect(GradesCSV.field(text) == field)
    }

    @Test("a class with such names: every student graded apart, the class files intact")
    func hostileNamesInABatch() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let names = [
            Self.composed, Self.decomposed, "grades.csv", "summary.json", "=cmd|'-C calc'!A0", "esc\u{1B}[2Jname",
            "new\nline",
        ]
        for name in names { try scratch.copy("Activations.swift", of: "alice", to: "class/" + name) }
        let out = scratch.path + "/out"
        let result = try BatchGrader(
            grader: try TestEnvironment.sharedGrader(),
            options: .init(
                directory: scratch.path + "/class", outputDirectory: out, exercises: [.activationBackward], jobs: 2,
                resume: false)
        ).run()
        #expect(result.students.count == names.count)
        #expect(result.failures.isEmpty, "\(result.failures)")
        for name in names {
            let student = StudentID(name)
            let report = try #require(result.reports[student]?[.activationBackward], "\(name)")
            #expect(report.score == report.maxScore, "\(name)")
            #expect(report.student == name)
            let file = out + "/" + student.folderName + "/activation-backward.json"
            #expect(FileManager.default.fileExists(atPath: file), "\(file)")
        }
        // The class files are files, whole and parseable.
        let summary = try ReportJSON.decode(
            BatchSummary.self, from: try #require(FileManager.default.contents(atPath: out + "/summary.json")))
        #expect(summary.students == names.count)
        let csv = String(
            decoding: try #require(FileManager.default.contents(atPath: out + "/grades.csv")), as: UTF8.self)
        #expect(csv.contains("\"'=cmd|'-C calc'!A0\",10,10\r\n"), "\(csv)")
        #expect(csv.contains("\"new\nline\",10,10\r\n"))
        // Both zoés have a row of their own.
        let zoeRows = csv.components(separatedBy: "\r\n").filter { $0.hasPrefix("zo") }
        #expect(zoeRows.count == 2, "\(zoeRows)")
    }
}
