import Foundation
import GraderCore
import TestSupport
import Testing

extension GraderCLI {
    /// The HTML pages a batch writes (`index.html` and `<student>/index.html`), checked against the
    /// batch's own `summary.json`, `grades.csv` and reports; the browser check (`Tests/Browser`)
    /// renders them in Chromium.
    @Suite struct HTMLReports {
        static let students = ["alice", "carol", "dave", "erin", "grace"]
        static let hostileName = "<img src=x onerror=alert(1)>"

        /// Part of the sample class plus a student with a hostile folder name, output and diagnostics.
        static func batch(_ scratch: TemporaryDirectory) throws -> String {
            let classPath = try scratch.copyClass(students.map { ($0, $0) })
            try FileManager.default.copyItem(
                atPath: GraderProcess.packageRoot + "/Tests/Fixtures/hostile-html",
                toPath: classPath + "/" + hostileName)
            let output = try GraderProcess.run(["batch", classPath, "--out", scratch.path + "/out", "--jobs", "2"])
            try #require(output.status == 0, "\(output)")
            return scratch.path + "/out"
        }

        static func text(_ path: String) throws -> String {
            String(decoding: try #require(FileManager.default.contents(atPath: path), "no \(path)"), as: UTF8.self)
        }

        static func captures(_ pattern: String, in text: String) throws -> [[String]] {
            text.matches(of: try Regex(pattern)).map { match in
                (1..<match.output.count).map { match.output[$0].substring.map(String.init) ?? "" }
            }
        }

        @Test func theClassPageAgreesWithTheSummaryAndLinksToEveryStudentsPage() throws {
            let scratch = try TemporaryDirectory()
            defer { scratch.remove() }
            let out = try Self.batch(scratch)
            let page = try Self.text(out + "/index.html")
            let summary = try ReportJSON.decode(
                BatchSummary.self, from: try #require(FileManager.default.contents(atPath: out + "/summary.json")))
            #expect(page.contains("<code id=\"seed\">\(summary.seed)</code>"))
            for entry in summary.exercises {
                let bars = try Self.captures(
                    #"<rect class="bar"[^>]* data-bucket="([^"]+)" data-count="(\d+)""#,
                    in: page.components(separatedBy: "<section id=\"exercise-\(entry.exercise.rawValue)\"")
                        .dropFirst().first ?? "")
                #expect(bars.prefix(10).map { $0[0] } == (0..<10).map { "\($0 * 10)-\($0 * 10 + 10)%" })
                for bar in bars.prefix(10) {
                    #expect(Int(bar[1]) == entry.distribution[bar[0]], "\(entry.exercise.rawValue) \(bar[0])")
                }
                for verdict in entry.verdicts {
                    #expect(
                        page.contains(
                            "data-row=\"\(entry.exercise.rawValue)\" data-verdict=\"\(verdict.label)\" "
                                + "data-count=\"\(verdict.count)\""), "\(entry.exercise.rawValue) \(verdict.label)")
                }
            }
            // A row per student, as in grades.csv, each linking to a page that exists.
            let table = try GradesTable(out: out)
            let rows = try Self.captures(
                #"<tr data-student="[^"]*"><th scope="row"><a href="([^"]+)">([^<]*)</a></th>(.*?)</tr>"#, in: page)
            #expect(rows.count == table.rows.count)
            for (row, grades) in zip(rows, table.rows) {
                let values = try Self.captures(#"data-value="([^"]+)""#, in: row[2]).map { $0[0] }
                #expect(values == Array(grades.dropFirst()), "\(grades.first ?? "")")
                let target = out + "/" + (row[0].removingPercentEncoding ?? "")
                #expect(FileManager.default.fileExists(atPath: target), "\(row[0]) → \(target)")
            }
            #expect(page.contains("&lt;img src=x onerror=alert(1)&gt;</a>"))
            #expect(page.components(separatedBy: "<script").count == 2)
            #expect(!page.contains("<img"))
        }

        @Test func aStudentsPageShowsTheirReportsFailuresAndReproduceCommands() throws {
            let scratch = try TemporaryDirectory()
            defer { scratch.remove() }
            let out = try Self.batch(scratch)
            let reports = try BatchReports(out: out, students: ["carol"])
            let page = try Self.text(out + "/carol/index.html")
            let table = try GradesTable(out: out)
            #expect(page.contains("<strong id=\"total\">\(try #require(table.row("carol")?["total"]))</strong>"))
            let loss = try #require(reports.reports["carol"]?[.lossBackward])
            let softmax = try #require(loss.method(.softmaxWithLossBackward))
            #expect(!softmax.failures.isEmpty)
            let block =
                page.components(separatedBy: "<div class=\"failure\" data-quantity=\"SoftmaxWithLoss.backward\">")
                .dropFirst().first?.components(separatedBy: "</div>").first ?? ""
            #expect(
                try Self.captures(#"<tr data-case="(\d+)">"#, in: block).map { $0[0] }
                    == softmax.failures.map { String($0.caseIndex) })
            for failure in softmax.failures {
                let command = loss.reproduceCommand(for: failure, of: softmax)
                #expect(block.contains("<code>\(command)</code>"), "\(command)")
            }
            #expect(block.contains(try #require(softmax.hint)))
            // grace's Losses.swift does not compile: her page quotes the compiler.
            let grace = try Self.text(out + "/grace/index.html")
            #expect(
                grace.contains("<h3>The file does not compile</h3><pre class=\"diagnostics\"><strong>Losses.swift:"))
        }

        @Test func aHostileStudentsPageShowsTheirOutputAndDiagnosticsAsText() throws {
            let scratch = try TemporaryDirectory()
            defer { scratch.remove() }
            let out = try Self.batch(scratch)
            let folder = StudentID(Self.hostileName).folderName
            let page = try Self.text(out + "/" + folder + "/index.html")
            #expect(page.contains("<h1 id=\"student\">&lt;img src=x onerror=alert(1)&gt;</h1>"))
            #expect(
                page.contains(
                    "&lt;/pre&gt;&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;&lt;script&gt;console.log(&#39;xss-canary"))
            #expect(page.contains("&lt;script&gt;console.log(&#39;xss-canary diagnostics&#39;)&lt;/script&gt;"))
            #expect(page.components(separatedBy: "<script").count == 2)
            for injected in ["<img", "<b class", "<i class", "</pre></td>"] {
                #expect(!page.contains(injected), "\(injected)")
            }
        }

        @Test func theReportsAloneRenderTheSamePagesAsTheBatch() throws {
            // What `grader merge` does: a ClassReport from the JSON reports on disk, written again.
            let scratch = try TemporaryDirectory()
            defer { scratch.remove() }
            let out = try Self.batch(scratch)
            let names = Self.students + [Self.hostileName]
            let copy = scratch.path + "/merged"
            var reports: [StudentID: [ExerciseID: ExerciseReport]] = [:]
            for name in names {
                let student = StudentID(name)
                for exercise in ExerciseID.allCases {
                    let path = ClassReport.reportPath(in: out, student: student, exercise: exercise)
                    let data = try #require(FileManager.default.contents(atPath: path))
                    reports[student, default: [:]][exercise] = try ReportJSON.decode(ExerciseReport.self, from: data)
                    try AtomicFile.write(
                        data, to: ClassReport.reportPath(in: copy, student: student, exercise: exercise))
                }
            }
            let page = try Self.text(out + "/index.html")
            let fingerprint = try #require(
                try Self.captures(#"<code id="configuration">([0-9a-f]+)</code>"#, in: page).first?[0])
            let classReport = ClassReport(
                students: names.map(StudentID.init).sorted(),
                exercises: ExerciseID.allCases.compactMap { ExerciseCatalog.standard.exercise($0) }, reports: reports,
                seed: 20_261_121, configurationFingerprint: fingerprint)
            try classReport.write(to: copy)
            for file in ["index.html", "summary.json", "grades.csv"]
                + names.map({ StudentID($0).folderName + "/index.html" })
            {
                #expect(
                    FileManager.default.contents(atPath: copy + "/" + file)
                        == FileManager.default.contents(atPath: out + "/" + file), "\(file)")
            }
        }
    }
}
