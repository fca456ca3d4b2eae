extension ClassPage {
    /// An exercise's section: its numbers, the histogram of its scores and the pass rate of each
    /// scored quantity, each plot followed by a table of the same numbers.
    func section(_ exercise: Exercise, _ entry: BatchSummary.ExerciseSummary, _ body: inout HTMLMarkup) {
        let anchor = ClassPage.anchor(exercise.id)
        body.open("section", ["id": anchor, "class": "exercise", "data-exercise": exercise.id.rawValue])
        body.element("h2") { heading in
            heading.element("code", exercise.id.rawValue)
            heading.add(": " + title(of: exercise))
        }
        body.element("dl", ["class": "stats"]) { stats in
            for (name, value) in [
                ("students", String(entry.students)), ("submitted", String(entry.submitted)),
                ("mean", HTMLFormat.number(entry.mean)), ("median", HTMLFormat.number(entry.median)),
                ("maximum", entry.maxScore.description),
            ] {
                stats.element("div") { pair in
                    pair.element("dt", name)
                    pair.element("dd", ["data-stat": name], value)
                }
            }
        }
        let buckets = (0..<10).map { decile in
            let label = BatchSummary.bucketName(decile)
            return (label: label, tick: String(decile * 10), count: entry.distribution[label] ?? 0)
        }
        body.element("div", ["class": "plots"]) { plots in
            plots.element("figure") { figure in
                let caption = anchor + "-scores"
                figure.element("figcaption", ["id": caption], "Scores of \(exercise.id.rawValue)")
                figure.add(SVGChart.histogram(buckets, axis: "score, % of the maximum", labelledBy: caption))
                figure.element("table", ["class": "data histogram-table", "data-exercise": exercise.id.rawValue]) {
                    table in
                    table.element("caption", "Students per tenth of the maximum score (full marks in 90-100%)")
                    table.raw("<thead><tr><th scope=\"col\">score</th>")
                    for bucket in buckets { table.element("th", ["scope": "col", "class": "num"], bucket.label) }
                    table.raw("</tr></thead><tbody><tr><th scope=\"row\">students</th>")
                    for bucket in buckets {
                        table.element("td", ["class": "num", "data-bucket": bucket.label], String(bucket.count))
                    }
                    table.raw("</tr></tbody>")
                }
            }
            plots.element("figure") { figure in
                let caption = anchor + "-pass"
                figure.element("figcaption", ["id": caption], "Pass rate per scored quantity")
                let rows = exercise.quantities.map { (label: $0.rawValue, fraction: entry.passRate[$0] ?? 0) }
                figure.add(SVGChart.rates(rows, labelledBy: caption))
                figure.element("table", ["class": "data pass-table", "data-exercise": exercise.id.rawValue]) { table in
                    table.element("caption", "Students who passed every case of each quantity")
                    table.raw("<thead><tr><th scope=\"col\">scored quantity</th><th scope=\"col\" class=\"num\">")
                    table.raw("passed</th></tr></thead><tbody>")
                    for row in rows {
                        table.raw("<tr>")
                        table.element("th", ["scope": "row"], row.label)
                        table.element(
                            "td",
                            ["class": "num", "data-quantity": row.label, "data-rate": HTMLFormat.number(row.fraction)],
                            HTMLFormat.percent(row.fraction))
                        table.raw("</tr>")
                    }
                    table.raw("</tbody>")
                }
            }
        }
        body.close("section")
        body.raw("\n")
    }
}
