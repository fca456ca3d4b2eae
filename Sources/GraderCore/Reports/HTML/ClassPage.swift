import Foundation

/// The class page, `index.html` at the top of a report folder: per exercise a histogram of the
/// scores and the pass rate of each scored quantity, the verdicts as a stacked bar per exercise, the
/// diagnosed mistakes ranked, and the table of students, each linking to their own page.
///
/// Rendered from a ``ClassReport`` alone (compacted reports suffice): every number is one of
/// ``BatchSummary``'s or a report's score, as `summary.json` and `grades.csv` have them.
struct ClassPage {
    /// The class.
    let report: ClassReport
    /// Its summary (what `summary.json` holds).
    let summary: BatchSummary

    /// The page of a class.
    init(_ report: ClassReport) {
        self.report = report
        self.summary = report.summary
    }

    /// The page's bytes.
    func render() -> Data {
        var body = HTMLMarkup()
        header(&body)
        body.raw("<main>\n")
        verdicts(&body)
        for (exercise, entry) in zip(report.exercises, summary.exercises) { section(exercise, entry, &body) }
        mistakes(&body)
        students(&body)
        body.raw("</main>\n")
        footer(&body)
        return HTMLPage.document(title: "Class report", body: body)
    }

    /// The exercise's title as the reports give it (from `grader.json`), else its default.
    func title(of exercise: Exercise) -> String {
        for student in report.students {
            if let title = report.reports[student]?[exercise.id]?.title { return title }
        }
        return exercise.defaultTitle
    }

    /// The id of an exercise's section.
    static func anchor(_ exercise: ExerciseID) -> String { "exercise-" + HTMLMarkup.pathSegment(exercise.rawValue) }

    /// The link from the class page to a student's page.
    static func link(to student: StudentID) -> String {
        HTMLMarkup.pathSegment(student.folderName) + "/" + StudentFileFormat.page.name
    }

    private func header(_ body: inout HTMLMarkup) {
        body.raw("<header>\n")
        body.element("h1", "Class report")
        body.element("p", ["class": "meta"]) { line in
            line.add(
                "\(report.students.count) student\(report.students.count == 1 ? "" : "s"), "
                    + "\(report.exercises.count) exercise\(report.exercises.count == 1 ? "" : "s") · seed ")
            line.element("code", ["id": "seed"], String(report.seed))
            line.add(" · configuration ")
            line.element("code", ["id": "configuration"], report.configurationFingerprint)
        }
        body.element("nav", ["aria-label": "sections"]) { nav in
            nav.element("a", ["href": "#verdicts"], "verdicts")
            for exercise in report.exercises {
                nav.raw(" · ")
                nav.element("a", ["href": "#" + ClassPage.anchor(exercise.id)], exercise.id.rawValue)
            }
            nav.raw(" · ")
            nav.element("a", ["href": "#mistakes"], "mistakes")
            nav.raw(" · ")
            nav.element("a", ["href": "#students"], "students")
        }
        body.raw("\n</header>\n")
    }

    private func footer(_ body: inout HTMLMarkup) {
        body.element("footer", ["class": "note"]) { footer in
            footer.add(
                "Made by backprop-grader from summary.json and the students' reports; seed \(report.seed), "
                    + "configuration \(report.configurationFingerprint).")
        }
    }

    /// The verdicts of every method, a stacked bar per exercise, then the same counts as a table.
    private func verdicts(_ body: inout HTMLMarkup) {
        body.raw("<section id=\"verdicts\">\n")
        body.element("h2", "Verdicts per exercise")
        let present = Self.verdictOrder(summary.exercises.flatMap { $0.verdicts.map(\.label) })
        body.element("figure") { figure in
            figure.element("figcaption", ["id": "verdicts-caption"], "Verdicts of every scored quantity, by exercise")
            let rows = summary.exercises.map { entry in
                (
                    label: entry.exercise.rawValue,
                    segments: Self.verdictOrder(entry.verdicts.map(\.label)).map { key in
                        (key: key, count: entry.verdicts.first { $0.label == key }?.count ?? 0)
                    }
                )
            }
            figure.add(SVGChart.stacked(rows, labelledBy: "verdicts-caption"))
            figure.element("ul", ["class": "legend"]) { legend in
                for key in present {
                    legend.element("li") { item in
                        item.add(SVGChart.swatch(HTMLFormat.colour(key)))
                        item.add(HTMLFormat.verdict(key))
                    }
                }
            }
        }
        body.element("table", ["class": "data", "id": "verdicts-table"]) { table in
            table.element("caption", "Verdicts (one per student and scored quantity)")
            table.raw("<thead><tr><th scope=\"col\">exercise</th>")
            for key in present {
                table.element("th", ["scope": "col", "class": "num", "data-verdict": key], HTMLFormat.verdict(key))
            }
            table.raw("</tr></thead>\n<tbody>")
            for entry in summary.exercises {
                table.raw("<tr>")
                table.element("th", ["scope": "row"], entry.exercise.rawValue)
                for key in present {
                    let count = entry.verdicts.first { $0.label == key }?.count ?? 0
                    table.element("td", ["class": "num", "data-verdict": key], String(count))
                }
                table.raw("</tr>\n")
            }
            table.raw("</tbody>")
        }
        body.raw("</section>\n")
    }

    /// The verdicts among `labels`, once each, in ``MethodStatus``'s order (unknown ones last).
    static func verdictOrder(_ labels: [String]) -> [String] {
        let known = MethodStatus.allCases.map(\.rawValue)
        let present = Set(labels)
        return known.filter(present.contains) + present.subtracting(known).sorted()
    }
}
