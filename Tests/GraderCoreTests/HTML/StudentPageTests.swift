import Foundation
import GraderCore
import TestSupport
import Testing

/// A student's page (`<student>/index.html`), rendered from constructed whole reports.
@Suite struct StudentPageTests {
    let test: HTMLTestClass

    init() throws {
        test = try HTMLTestClass.sample()
    }

    func page(_ name: String, classReport: ClassReport? = nil) throws -> String {
        let student = StudentID(name)
        let reports = try #require(test.reports[student])
        return HTMLText.page(try StudentFileFormat.page.render(classReport ?? test.compacted, student, reports))
    }

    @Test func isAPerStudentFileNamedIndexHTML() {
        #expect(StudentFileFormat.all.map(\.name) == ["index.html"])
    }

    @Test func showsEachExercisesAndMethodsScoreAndVerdict() throws {
        let text = try page("bob")
        #expect(text.contains("<h1 id=\"student\">bob</h1>"))
        #expect(text.contains("<strong id=\"total\">17.25</strong> / 20"))
        #expect(text.contains("<a href=\"../index.html\" id=\"class-link\">"))
        let rows = try HTMLText.captures(
            ##"<tr data-exercise="([^"]+)"><th scope="row"><a href="#exercise-[^"]+">[^<]+</a></th><td class="num" data-score="">([^<]+)</td><td class="num">([^<]+)</td>"##,
            in: text)
        #expect(rows == [["fc-backward", "7.25", "10"], ["activation-backward", "10", "10"]])
        let methods = try HTMLText.captures(
            #"<tr data-quantity="([^"]+)" data-verdict="([^"]+)"><th scope="row"><code>[^<]+</code></th><td class="num">([^<]+)</td><td class="num">([^<]+)</td>"#,
            in: text)
        #expect(
            methods == [
                ["FullyConnected.backward", "passed", "4/4", "12/12"],
                ["FullyConnected.dW", "wrongValues", "0.25/3", "1/12"],
                ["FullyConnected.db", "passed", "3/3", "12/12"], ["Sigmoid.backward", "passed", "5/5", "12/12"],
                ["ReLU.backward", "passed", "5/5", "12/12"],
            ])
    }

    @Test func showsTheFailingCasesWithTheCommandThatReproducesEach() throws {
        let text = try page("bob")
        let report = try #require(test.reports[StudentID("bob")]?[.fcBackward])
        let method = try #require(report.method(.fullyConnectedDW))
        let rows = try HTMLText.captures(#"<tr data-case="(\d+)">(.*?)</tr>"#, in: text)
        #expect(rows.map { $0[0] } == ["0", "2"])
        let cells = try HTMLText.captures(#"<td[^>]*>([^<]*)</td>"#, in: rows.first?[1] ?? "").map { $0[0] }
        #expect(
            cells == [
                "0", "sample", "out of tolerance", "W: [3, 4], b: [4], dout: [2, 4], x: [2, 3]", "[3, 4]", "[3, 4]",
                "0.375", "[1, 0]", "-0.125", "0.25",
            ])
        for failure in method.failures {
            let command = report.reproduceCommand(for: failure, of: method)
            #expect(command.contains("--case \(failure.caseIndex)"))
            #expect(text.contains("<code>" + HTMLEscaping.escape(command) + "</code>"), "\(command)")
        }
        #expect(text.contains("<strong>Hint: </strong>Your dW is transposed: hint one."))
        #expect(text.contains("<h3>What FullyConnected printed</h3><pre class=\"output\">hello\n</pre>"))
    }

    @Test func showsTheCompilersDiagnosticsWithTheStudentsLine() throws {
        let text = try page("erin")
        #expect(text.contains("<h3>The file does not compile</h3>"))
        #expect(
            text.contains(
                "<pre class=\"diagnostics\"><strong>Activations.swift:3:5: error: cannot find &#39;y&#39; in scope</strong>"
                    + "\n    y\n    ^</pre>"))
        #expect(text.contains("compile error"))
    }

    @Test func aMissingReportCountsZero() throws {
        var partial = test
        partial.reports[StudentID("alice")]?[.activationBackward] = nil
        let student = StudentID("alice")
        let text = HTMLText.page(
            try StudentFileFormat.page.render(
                partial.compacted, student, try #require(partial.reports[student])))
        #expect(text.contains("No report for this exercise: it counts 0 in grades.csv."))
        #expect(text.contains("<strong id=\"total\">10</strong> / 20"))
    }

    @Test func writeRendersEachStudentsPageFromTheWholeReportOnDisk() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("html-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let classReport = test.compacted
        for (student, reports) in test.reports {
            for (exercise, report) in reports {
                try AtomicFile.write(
                    try ReportJSON.data(report),
                    to: ClassReport.reportPath(in: directory, student: student, exercise: exercise))
            }
        }
        // carol's file on disk is not the report the class holds (stale): her page must not use it.
        var stale = try #require(test.reports[StudentID("carol")]?[.fcBackward])
        stale.score = 9
        try AtomicFile.write(
            try ReportJSON.data(stale),
            to: ClassReport.reportPath(in: directory, student: StudentID("carol"), exercise: .fcBackward))
        let summary = try classReport.write(to: directory)
        #expect(summary == classReport.summary)

        let read = { (path: String) in FileManager.default.contents(atPath: directory + "/" + path) }
        // The class-level files are what their formats render, byte for byte; a format that does not
        // apply to the class (a gradebook of a platform's class) writes no file.
        for format in ClassFileFormat.all {
            if format.isWritten(classReport) {
                #expect(read(format.name) == (try format.render(classReport)), "\(format.name)")
            } else {
                #expect(read(format.name) == nil, "\(format.name)")
            }
        }
        #expect(ClassFileFormat.all.filter { $0.isWritten(classReport) }.count == 3)
        // bob's page shows the failures that only the file on disk holds.
        let bob = HTMLText.page(try #require(read("bob/index.html")))
        #expect(bob.contains("<tr data-case=\"2\">"))
        #expect(bob == (try page("bob", classReport: classReport)))
        // carol's shows the held (compacted) report: her score, no failing case.
        let carol = HTMLText.page(try #require(read("carol/index.html")))
        #expect(carol.contains("<strong id=\"total\">17.25</strong>"))
        #expect(!carol.contains("<tr data-case="))
        #expect(
            classReport.wholeReports(of: StudentID("carol"), in: directory)[.fcBackward]
                == stale.compacted.withScore(7.25))
        for student in test.students {
            #expect(read(student.folderName + "/index.html") != nil, "\(student.name)")
        }
    }

    @Test func writingAClassOfAThousandTakesSecondsAndFewMegabytes() throws {
        var large = try HTMLTestClass()
        let sample = try #require(test.reports[StudentID("bob")])
        for index in 0..<1000 {
            for (exercise, report) in sample {
                large.add(
                    String(format: "student-%04d", index), exercise, report.methods, output: report.output)
            }
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("html-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for (student, reports) in large.reports {
            for (exercise, report) in reports {
                try AtomicFile.write(
                    try ReportJSON.data(report),
                    to: ClassReport.reportPath(in: directory, student: student, exercise: exercise))
            }
        }
        let started = Date()
        try large.compacted.write(to: directory)
        let seconds = Date().timeIntervalSince(started)
        let index = try #require(FileManager.default.attributesOfItem(atPath: directory + "/index.html")[.size] as? Int)
        var pages = 0
        for student in large.students {
            let path = directory + "/" + student.folderName + "/index.html"
            pages += try #require(FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        }
        #expect(index < 2_000_000, "\(index) bytes")
        #expect(seconds < 60, "\(seconds) s")
        let page = HTMLText.page(
            try #require(FileManager.default.contents(atPath: directory + "/student-0999/index.html")))
        #expect(page.contains("<tr data-case=\"2\">"), "the whole report was read from disk")
        print(
            "1000 students written in \(String(format: "%.2f", seconds)) s: index.html \(index) bytes, "
                + "student pages \(pages / 1000) bytes each on average")
    }
}

extension ExerciseReport {
    fileprivate func withScore(_ score: Points) -> ExerciseReport {
        var copy = self
        copy.score = score
        return copy
    }
}

/// Escaping as the pages must do it: `& < > " '` as character references.
enum HTMLEscaping {
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&#39;")
    }
}
