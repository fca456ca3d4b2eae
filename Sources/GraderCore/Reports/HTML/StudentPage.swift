import Foundation

/// A student's page, `<student>/index.html` in a report folder: per exercise and method the score
/// and the verdict, and for what failed the evidence (see `StudentPage+Evidence.swift`).
///
/// Rendered from the student's whole reports alone; every number is a report's.
struct StudentPage {
    /// The class (its exercises, seed and configuration).
    let classReport: ClassReport
    /// The student.
    let student: StudentID
    /// The student's whole reports, by exercise.
    let reports: [ExerciseID: ExerciseReport]

    /// The page's bytes.
    func render() -> Data {
        var body = HTMLMarkup()
        header(&body)
        body.raw("<main>\n")
        for exercise in classReport.exercises { section(exercise, &body) }
        body.raw("</main>\n")
        body.element("footer", ["class": "note"]) { footer in
            footer.add(
                "Made by backprop-grader from this student's reports (the .json files beside this page); seed "
                    + "\(classReport.seed), configuration \(classReport.configurationFingerprint).")
        }
        return HTMLPage.document(title: student.name + " · grader report", body: body)
    }

    /// The id of an exercise's section.
    static func anchor(_ exercise: ExerciseID) -> String { ClassPage.anchor(exercise) }

    private func header(_ body: inout HTMLMarkup) {
        let scores = classReport.exercises.map { reports[$0.id]?.score ?? .zero }
        let maxima = classReport.exercises.map { exercise in
            reports[exercise.id]?.maxScore
                ?? classReport.students.lazy.compactMap { classReport.reports[$0]?[exercise.id]?.maxScore }.first
                ?? .zero
        }
        body.raw("<header>\n")
        body.element("p") { line in
            line.element("a", ["href": "../" + ClassFiles.classPage, "id": "class-link"], "← class report")
        }
        body.element("h1", ["id": "student"], student.name)
        body.element("p", ["class": "meta"]) { line in
            line.add("total ")
            line.element("strong", ["id": "total"], scores.sum().description)
            line.add(" / \(maxima.sum()) · seed \(classReport.seed) · configuration ")
            line.element("code", classReport.configurationFingerprint)
        }
        body.element("table", ["class": "data", "id": "exercises-table"]) { table in
            table.element("caption", "Score per exercise")
            table.raw("<thead><tr><th scope=\"col\">exercise</th><th scope=\"col\" class=\"num\">score</th>")
            table.raw("<th scope=\"col\" class=\"num\">of</th><th scope=\"col\">outcome</th></tr></thead><tbody>\n")
            for (exercise, maximum) in zip(classReport.exercises, maxima) {
                let report = reports[exercise.id]
                table.open("tr", ["data-exercise": exercise.id.rawValue])
                table.element("th", ["scope": "row"]) { cell in
                    cell.element("a", ["href": "#" + StudentPage.anchor(exercise.id)], exercise.id.rawValue)
                }
                table.element("td", ["class": "num", "data-score": ""], (report?.score ?? .zero).description)
                table.element("td", ["class": "num"], (report?.maxScore ?? maximum).description)
                table.element("td", report.map(StudentPage.outcome) ?? "no report (counts 0)")
                table.raw("</tr>\n")
            }
            table.raw("</tbody>")
        }
        body.raw("</header>\n")
    }

    /// What became of a report in a few words: `graded, 2 of 3 quantities passed`, `compile error`.
    static func outcome(_ report: ExerciseReport) -> String {
        if let note = HTMLFormat.note(report), report.status != .graded { return note }
        let passed = report.methods.filter { $0.status == .passed }.count
        let base = "\(passed) of \(report.methods.count) quantit\(report.methods.count == 1 ? "y" : "ies") passed"
        return HTMLFormat.note(report).map { base + " (\($0))" } ?? base
    }

    /// An exercise's section: its methods, then what failed.
    private func section(_ exercise: Exercise, _ body: inout HTMLMarkup) {
        body.open(
            "section",
            ["id": StudentPage.anchor(exercise.id), "class": "exercise", "data-exercise": exercise.id.rawValue])
        guard let report = reports[exercise.id] else {
            body.element("h2") { heading in heading.element("code", exercise.id.rawValue) }
            body.element("p", ["class": "bad"], "No report for this exercise: it counts 0 in grades.csv.")
            body.close("section")
            return
        }
        body.element("h2") { heading in
            heading.element("code", report.exercise.rawValue)
            heading.add(": \(report.title) · \(report.score)/\(report.maxScore)")
        }
        body.element("p", ["class": "meta"]) { meta in
            meta.add("submission ")
            meta.element("code", report.submission)
            meta.add(String(format: " · graded in %.2f s", report.timings.totalSeconds))
            if !report.sandbox.isEmpty {
                meta.add(" · sandbox: " + report.sandbox.map(\.rawValue).joined(separator: ", "))
            }
        }
        if let diagnostics = report.diagnostics { self.diagnostics(report, diagnostics, &body) }
        methods(report, &body)
        let classNames = report.methods.reduce(into: [String]()) { names, method in
            let name = StudentPage.className(of: method.name)
            if !names.contains(name) { names.append(name) }
        }
        for className in classNames {
            for method in report.methods where StudentPage.className(of: method.name) == className {
                if method.status != .passed { failure(method, of: report, &body) }
            }
            if let printed = report.printed(by: className) {
                output("What \(className) printed", printed, &body)
            }
        }
        if let output = report.output, classNames.allSatisfy({ report.printed(by: $0) == nil }) {
            self.output("What the submission printed", output, &body)
        }
        body.close("section")
        body.raw("\n")
    }

    /// The class a scored quantity belongs to: `FullyConnected` of `FullyConnected.dW`.
    static func className(of quantity: ScoredQuantity) -> String {
        quantity.rawValue.split(separator: ".").first.map(String.init) ?? quantity.rawValue
    }

    /// The table of an exercise's methods.
    private func methods(_ report: ExerciseReport, _ body: inout HTMLMarkup) {
        body.element("table", ["class": "data methods"]) { table in
            table.element("caption", "Scored quantities")
            table.raw("<thead><tr><th scope=\"col\">quantity</th><th scope=\"col\" class=\"num\">score</th>")
            table.raw(
                "<th scope=\"col\" class=\"num\">cases passed</th><th scope=\"col\">verdict</th></tr></thead><tbody>\n")
            for method in report.methods {
                table.open("tr", ["data-quantity": method.name.rawValue, "data-verdict": method.status.rawValue])
                table.element("th", ["scope": "row"]) { cell in cell.element("code", method.name.rawValue) }
                table.element("td", ["class": "num"], "\(method.score)/\(method.maxScore)")
                table.element("td", ["class": "num"], "\(method.casesPassed)/\(method.casesTotal)")
                table.element(
                    "td", ["class": method.status == .passed ? "verdict good" : "verdict bad"], method.status.label)
                table.raw("</tr>\n")
            }
            table.raw("</tbody>")
        }
    }
}
