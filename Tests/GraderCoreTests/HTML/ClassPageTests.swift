import Foundation
import GraderCore
import TestSupport
import Testing

/// The class page (`index.html`), rendered from constructed reports and checked against
/// `summary.json`'s numbers and `grades.csv`'s scores.
@Suite struct ClassPageTests {
    let test: HTMLTestClass
    let page: String
    let summary: BatchSummary

    init() throws {
        test = try HTMLTestClass.sample()
        page = HTMLText.page(try ClassFileFormat.classPage.render(test.compacted))
        summary = test.compacted.summary
    }

    @Test func isAClassLevelFileNamedIndexHTML() {
        #expect(
            ClassFileFormat.all.map(\.name) == [
                "summary.json", "grades.csv", "index.html", "canvas-gradebook.csv", "moodle-grades.csv",
            ])
        #expect(ClassFileFormat.classPage.name == ClassFiles.classPage)
        #expect(page.hasPrefix("<!DOCTYPE html>\n"))
        #expect(page.hasSuffix("</html>\n"))
    }

    @Test func histogramsAndTheirTablesHoldTheSummarysDistribution() throws {
        for entry in summary.exercises {
            let id = entry.exercise.rawValue
            let section = HTMLText.part(of: page, from: "<section id=\"exercise-\(id)\"", to: "</section>")
            #expect(!section.isEmpty, "no section for \(id)")
            let bars = try HTMLText.captures(
                #"<rect class="bar"[^>]* data-bucket="([^"]+)" data-count="(\d+)""#, in: section)
            let cells = try HTMLText.captures(#"<td class="num" data-bucket="([^"]+)">(\d+)</td>"#, in: section)
            #expect(bars.count >= 10)
            #expect(cells.count >= 10)
            for decile in 0..<10 {
                let bucket = "\(decile * 10)-\(decile * 10 + 10)%"
                let expected = String(try #require(entry.distribution[bucket]))
                #expect(bars[decile] == [bucket, expected], "\(id) histogram bar \(bucket)")
                #expect(cells[decile] == [bucket, expected], "\(id) histogram table \(bucket)")
            }
            for (name, value) in [
                ("students", String(entry.students)), ("submitted", String(entry.submitted)),
                ("mean", HTMLFormatting.number(entry.mean)), ("median", HTMLFormatting.number(entry.median)),
                ("maximum", entry.maxScore.description),
            ] {
                #expect(section.contains("<dd data-stat=\"\(name)\">\(value)</dd>"), "\(id) \(name)")
            }
        }
        // fc-backward: alice, dave (7/10), erin full, bob and carol 7.25, frank 0.
        let fc = try #require(summary.exercises.first)
        #expect(fc.distribution["90-100%"] == 2)
        #expect(fc.distribution["70-80%"] == 3)
        #expect(fc.distribution["0-10%"] == 1)
    }

    @Test func passRatesAreTheSummarys() throws {
        for entry in summary.exercises {
            for quantity in entry.exercise.quantities {
                let rate = try #require(entry.passRate[quantity])
                let percent = HTMLFormatting.percent(rate)
                let bar = try HTMLText.captures(
                    #"data-quantity="\#(quantity.rawValue)" data-rate="([0-9.]+)"><title>[^<]*</title>"#, in: page)
                #expect(bar.map { Double($0[0]) } == [rate], "\(quantity.rawValue) bar")
                #expect(
                    page.contains(
                        "<td class=\"num\" data-quantity=\"\(quantity.rawValue)\" data-rate=\"\(HTMLFormatting.number(rate))\">"
                            + "\(percent)</td>"), "\(quantity.rawValue) table")
            }
        }
        // Four of six passed dW: 0.667 in summary.json, 66.7% on the page.
        #expect(page.contains(">66.7%</td>"))
    }

    @Test func verdictsAreStackedPerExerciseWithTheSummarysCounts() throws {
        for entry in summary.exercises {
            let id = entry.exercise.rawValue
            let segments = try HTMLText.captures(
                #"data-row="\#(id)" data-verdict="([A-Za-z]+)" data-count="(\d+)""#, in: page)
            #expect(Set(segments.map { $0[0] }) == Set(entry.verdicts.map(\.label)), "\(id)")
            for verdict in entry.verdicts {
                #expect(segments.contains([verdict.label, String(verdict.count)]), "\(id) \(verdict.label)")
            }
            #expect(segments.compactMap { Int($0[1]) }.reduce(0, +) == entry.students * entry.exercise.quantities.count)
        }
        // The table: a row per exercise, a column per verdict present anywhere (0 where absent).
        let tableText = HTMLText.part(of: page, from: "<table class=\"data\" id=\"verdicts-table\">", to: "</table>")
        #expect(tableText.contains("<th scope=\"col\" class=\"num\" data-verdict=\"missingFile\">missing file</th>"))
        #expect(
            tableText.contains(
                "<th scope=\"row\">fc-backward</th><td class=\"num\" data-verdict=\"passed\">12</td>"
                    + "<td class=\"num\" data-verdict=\"wrongValues\">3</td><td class=\"num\" data-verdict=\"crashed\">0</td>"
            ),
            "fc-backward: 18 methods, 3 wrong, 3 missing")
    }

    @Test func mistakesAreRankedWithTheirHintsAndStudents() throws {
        let items = try HTMLText.captures(
            #"<li class="mistake" data-mistake="([^"]+)" data-quantity="([^"]+)" data-count="(\d+)">"#, in: page)
        #expect(
            items == [["fc.dW-transposed", "FullyConnected.dW", "2"], ["fc.db-mean", "FullyConnected.db", "1"]])
        let counts = try #require(summary.exercises.first?.mistakes)
        #expect(counts[.fullyConnectedDW]?.map(\.label) == ["fc.dW-transposed"])
        #expect(counts[.fullyConnectedDW]?.map(\.count) == [2])
        let item = HTMLText.part(of: page, from: "data-mistake=\"fc.dW-transposed\"", to: "</li>")
        // The catalog's headline, then each distinct hint with the students who got it.
        let headline = try #require(MistakeCatalog.entry("fc.dW-transposed")?.headline(for: .fullyConnectedDW))
        #expect(item.contains("<h3>\(headline)</h3>"), "\(item)")
        #expect(item.contains("Your dW is transposed: hint one."))
        #expect(item.contains("Your dW is transposed: hint two."))
        #expect(
            try HTMLText.captures(#"<a href="([^"]+)">([^<]+)</a>"#, in: item).filter { $0[1] != "fc-backward" } == [
                ["bob/index.html", "bob"], ["carol/index.html", "carol"],
            ])
    }

    @Test func studentsTableHasTheGradesCSVScoresAndLinks() throws {
        let csv = GradesCSV.render(
            students: test.students, exercises: test.exercises.map(\.id), reports: test.compacted.reports)
        let csvRows = csv.split(separator: "\r\n").dropFirst().map { $0.split(separator: ",").map(String.init) }
        let rows = try HTMLText.captures(
            #"<tr data-student="([^"]+)"><th scope="row"><a href="([^"]+)">([^<]+)</a></th>(.*?)</tr>"#, in: page)
        #expect(rows.map { $0[2] } == test.students.map(\.name), "a row per student, in order")
        for (row, csvRow) in zip(rows, csvRows) {
            #expect(row[1] == row[0] + "/index.html")
            let values = try HTMLText.captures(#"data-value="([^"]+)""#, in: row[3]).map { $0[0] }
            #expect([row[2]] + values == csvRow, "\(row[2])")
        }
        #expect(rows.first { $0[2] == "frank" }?[3].contains("(missing file)") == true)
        #expect(rows.first { $0[2] == "dave" }?[3].contains("(crashed)") == true)
        #expect(rows.first { $0[2] == "erin" }?[3].contains("(compile error)") == true)
        #expect(page.contains("<span id=\"students-shown\">6</span> of 6"))
        #expect(
            page.contains("data-key=\"total\"><button type=\"button\">total</button><span class=\"note\"> /20</span>"))
    }

    @Test func carriesTheSeedAndTheConfigurationFingerprint() {
        #expect(page.contains("<code id=\"seed\">20261121</code>"))
        #expect(page.contains("<code id=\"configuration\">\(test.fingerprint)</code>"))
    }

    @Test func fetchesNothingAndRunsOnlyItsOwnScript() throws {
        #expect(!page.contains("http://") && !page.contains("https://"))
        #expect(!page.contains(" src="))
        #expect(page.components(separatedBy: "<script").count == 2, "one script")
        let policy = try #require(
            try HTMLText.captures(#"<meta http-equiv="Content-Security-Policy" content="([^"]+)">"#, in: page).first)
        #expect(policy[0].hasPrefix("default-src &#39;none&#39;; style-src &#39;sha256-"))
        #expect(policy[0].contains("script-src &#39;sha256-"))
        #expect(!policy[0].contains("unsafe-inline"))
    }

    @Test func anEmptyClassStillRenders() throws {
        let empty = ClassReport(
            students: [], exercises: test.exercises, reports: [:], seed: 1, configurationFingerprint: "f")
        let text = HTMLText.page(try ClassFileFormat.classPage.render(empty))
        #expect(text.contains("0 students, 2 exercises"))
        #expect(text.contains("No failing quantity matched a known mistake."))
        #expect(text.contains("<span id=\"students-shown\">0</span> of 0"))
    }

    @Test func aClassOfAThousandGivesAnIndexOfAFewHundredKilobytes() throws {
        var large = try HTMLTestClass()
        for index in 0..<1000 {
            let name = String(format: "student-%04d", index)
            let hint = "Your dW is the transpose of the expected one: case \(index % 7)."
            large.add(
                name, .fcBackward,
                [
                    HTMLTestClass.method(
                        .fullyConnectedBackward, index % 5 == 0 ? .crashed : .passed, index % 5 == 0 ? 0 : 4, of: 4),
                    HTMLTestClass.method(
                        .fullyConnectedDW, index % 3 == 0 ? .wrongValues : .passed, index % 3 == 0 ? 1 : 3, of: 3,
                        mistake: index % 3 == 0 ? "fc.dW-transposed" : nil, hint: index % 3 == 0 ? hint : nil),
                    HTMLTestClass.method(.fullyConnectedDB, .passed, 3, of: 3),
                ])
            large.add(
                name, .activationBackward,
                [
                    HTMLTestClass.method(.sigmoidBackward, .passed, 5, of: 5),
                    HTMLTestClass.method(
                        .reluBackward, index % 2 == 0 ? .wrongValues : .passed, index % 2 == 0 ? 2.5 : 5, of: 5,
                        mistake: index % 2 == 0 ? "relu.mask-strict" : nil, hint: index % 2 == 0 ? "Mask." : nil),
                ])
        }
        let started = Date()
        let data = try ClassFileFormat.classPage.render(large.compacted)
        let seconds = Date().timeIntervalSince(started)
        let text = HTMLText.page(data)
        #expect(data.count < 2_000_000, "\(data.count) bytes")
        #expect(seconds < 10, "\(seconds) s")
        #expect(try HTMLText.captures(#"<tr data-student="student-\d{4}">"#, in: text).count == 1000)
        #expect(text.contains("data-mistake=\"relu.mask-strict\" data-quantity=\"ReLU.backward\" data-count=\"500\""))
        #expect(
            text.contains("data-mistake=\"fc.dW-transposed\" data-quantity=\"FullyConnected.dW\" data-count=\"334\""))
        print("class page of 1000 students: \(data.count) bytes in \(String(format: "%.2f", seconds)) s")
    }
}
