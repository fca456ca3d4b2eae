extension StudentPage {
    /// What failed in one method: its verdict and message, the hint, and the failing cases kept in
    /// the report, each with the command that reproduces it.
    func failure(_ method: MethodResult, of report: ExerciseReport, _ body: inout HTMLMarkup) {
        body.open("div", ["class": "failure", "data-quantity": method.name.rawValue])
        body.element("h3") { heading in
            heading.element("code", method.name.rawValue)
            heading.add(": ")
            heading.element("span", ["class": "verdict bad"], method.status.label)
            heading.add(" · \(method.score)/\(method.maxScore)")
        }
        body.element("p", ["class": "message"], method.message)
        if let hint = method.hint {
            body.element("p", ["class": "hint"]) { line in
                line.element("strong", "Hint: ")
                line.add(hint)
            }
        }
        if !method.failures.isEmpty {
            body.element("table", ["class": "data cases"]) { table in
                table.element(
                    "caption",
                    "Failing cases (the first \(method.failures.count) of "
                        + "\(method.casesTotal - method.casesPassed))")
                table.raw("<thead><tr>")
                for name: StaticString in [
                    "case", "kind", "failure", "inputs", "expected shape", "actual shape", "largest error", "where",
                    "expected", "actual",
                ] {
                    table.raw("<th scope=\"col\">")
                    table.raw(name)
                    table.raw("</th>")
                }
                table.raw("</tr></thead><tbody>\n")
                for failure in method.failures { row(failure, &table) }
                table.raw("</tbody>")
            }
            body.element("p", "Reproduce a case (its inputs, the expected and the actual values):")
            body.element("ul", ["class": "reproduce"]) { list in
                for failure in method.failures {
                    list.element("li") { item in
                        item.add("case \(failure.caseIndex): ")
                        item.element("code", report.reproduceCommand(for: failure, of: method))
                    }
                }
            }
        }
        body.close("div")
        body.raw("\n")
    }

    /// One failing case's row.
    private func row(_ failure: CaseFailure, _ table: inout HTMLMarkup) {
        table.open("tr", ["data-case": String(failure.caseIndex)])
        table.element("td", ["class": "num"], String(failure.caseIndex))
        table.element("td", failure.caseKind)
        table.element("td", StudentPage.kind(failure.kind))
        table.element("td", HTMLFormat.shapes(failure.inputShapes))
        table.element("td", HTMLFormat.shape(failure.expectedShape))
        table.element("td", failure.actualShape.map(HTMLFormat.shape) ?? "–")
        table.element("td", ["class": "num"], failure.maxError.map(HTMLFormat.number) ?? "–")
        table.element("td", failure.position.map(HTMLFormat.shape) ?? "–")
        table.element("td", ["class": "num"], failure.expected.map(HTMLFormat.number) ?? "–")
        table.element("td", ["class": "num"], failure.actual.map(HTMLFormat.number) ?? "–")
        table.raw("</tr>\n")
    }

    /// A failure's kind for people.
    static func kind(_ kind: CaseFailure.Kind) -> String {
        switch kind {
        case .wrongShape: "wrong shape"
        case .nonFinite: "NaN or infinity"
        case .outOfTolerance: "out of tolerance"
        case .missingValue: "missing value"
        case .noResult: "no result"
        }
    }

    /// The compiler's diagnostics, the lines that state an error in bold.
    func diagnostics(_ report: ExerciseReport, _ text: String, _ body: inout HTMLMarkup) {
        body.element("h3", report.status == .compileError ? "The file does not compile" : "The file was not compiled")
        body.element("pre", ["class": "diagnostics"]) { pre in
            for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                if index > 0 { pre.raw("\n") }
                if line.contains(": error: ") {
                    pre.element("strong", String(line))
                } else {
                    pre.add(String(line))
                }
            }
        }
    }

    /// What a class (or the submission) printed, as text.
    func output(_ title: String, _ text: String, _ body: inout HTMLMarkup) {
        body.element("h3", title)
        body.element("pre", ["class": "output"], text)
    }
}
