extension ClassPage {
    /// The table of students: a row each (in the class's order, as in `grades.csv`), a score per
    /// exercise and the total, each name a link to the student's page; sortable by any column and
    /// filterable by the page's script, a plain table without it.
    func students(_ body: inout HTMLMarkup) {
        body.raw("<section id=\"students\">\n")
        body.element("h2", "Students")
        let count = String(report.students.count)
        body.element("div", ["class": "controls", "id": "students-controls", "hidden": ""]) { controls in
            controls.element("label", ["for": "students-filter"], "Filter: ")
            controls.open(
                "input",
                [
                    "type": "search", "id": "students-filter", "placeholder": "a name, a verdict…",
                    "autocomplete": "off",
                ])
            controls.add(" showing ")
            controls.element("span", ["id": "students-shown"], count)
            controls.add(" of \(count)")
        }
        let maxima = summary.exercises.map(\.maxScore)
        body.element("table", ["id": "students-table", "class": "data"]) { table in
            table.element(
                "caption",
                "Score per exercise and total (as in grades.csv); click a column's name to sort, "
                    + "a name to see that student's failures")
            table.raw("<thead><tr>")
            table.element("th", ["scope": "col", "data-key": "student"]) { header in
                header.element("button", ["type": "button"], "student")
            }
            for (exercise, maximum) in zip(report.exercises, maxima) {
                table.element(
                    "th", ["scope": "col", "class": "num", "data-numeric": "", "data-key": exercise.id.rawValue]
                ) { header in
                    header.element("button", ["type": "button"], exercise.id.rawValue)
                    header.element("span", ["class": "note"], " /\(maximum)")
                }
            }
            table.element("th", ["scope": "col", "class": "num", "data-numeric": "", "data-key": "total"]) { header in
                header.element("button", ["type": "button"], "total")
                header.element("span", ["class": "note"], " /\(maxima.sum())")
            }
            table.raw("</tr></thead>\n<tbody>\n")
            for student in report.students { row(student, &table) }
            table.raw("</tbody>")
        }
        body.raw("\n</section>\n")
    }

    /// A student's row.
    private func row(_ student: StudentID, _ table: inout HTMLMarkup) {
        let scores = report.exercises.map { report.reports[student]?[$0.id]?.score ?? .zero }
        table.open("tr", ["data-student": student.folderName])
        table.element("th", ["scope": "row"]) { cell in
            cell.element("a", ["href": ClassPage.link(to: student)], student.name)
        }
        for (exercise, score) in zip(report.exercises, scores) {
            let exerciseReport = report.reports[student]?[exercise.id]
            table.element(
                "td", ["class": "num", "data-exercise": exercise.id.rawValue, "data-value": score.description]
            ) { cell in
                cell.add(score.description)
                if let note = exerciseReport == nil ? "no report" : exerciseReport.flatMap(HTMLFormat.note) {
                    cell.element("span", ["class": "note"], " (\(note))")
                }
            }
        }
        let total = scores.sum()
        table.element(
            "td", ["class": "num", "data-exercise": "total", "data-value": total.description], total.description)
        table.raw("</tr>\n")
    }
}
