extension ClassPage {
    /// One diagnosed mistake across the class: where, how often (as `summary.json` counts it), and
    /// the students whose report names it, grouped by the hint they got.
    struct MistakeEntry {
        var exercise: Exercise
        var quantity: ScoredQuantity
        var id: Mistake.ID
        var count: Int
        var hints: [(hint: String, students: [StudentID])]
    }

    /// Every diagnosed mistake of the class, most students first (ties in exercise, then quantity,
    /// then `summary.json`'s order).
    func rankedMistakes() -> [MistakeEntry] {
        var entries: [MistakeEntry] = []
        for (exercise, summaryEntry) in zip(report.exercises, summary.exercises) {
            for quantity in exercise.quantities {
                for count in summaryEntry.mistakes[quantity] ?? [] {
                    let id = Mistake.ID(rawValue: count.label)
                    var hints: [(hint: String, students: [StudentID])] = []
                    for student in report.students {
                        guard
                            let method = report.reports[student]?[exercise.id]?.methods.first(where: {
                                $0.name == quantity
                            }), method.mistake == id
                        else { continue }
                        let hint = method.hint ?? ""
                        if let index = hints.firstIndex(where: { $0.hint == hint }) {
                            hints[index].students.append(student)
                        } else {
                            hints.append((hint, [student]))
                        }
                    }
                    entries.append(
                        MistakeEntry(exercise: exercise, quantity: quantity, id: id, count: count.count, hints: hints))
                }
            }
        }
        return entries.enumerated().sorted { ($0.element.count, $1.offset) > ($1.element.count, $0.offset) }.map(
            \.element)
    }

    /// The mistake's fixed headline ("Your dW is the transpose of the expected one"), from the
    /// exercise's own classes and the generic entries, or its id when the catalog does not know it.
    func headline(_ entry: MistakeEntry) -> String {
        guard let owner = entry.exercise.gradedClass(of: entry.quantity),
            let mistake = MistakeCatalog.entries(for: entry.quantity, in: owner).first(where: { $0.id == entry.id })
        else { return entry.id.rawValue }
        return mistake.headline(for: entry.quantity, in: owner)
    }

    /// The ranked mistakes, each with its hint and the students who made it.
    func mistakes(_ body: inout HTMLMarkup) {
        body.raw("<section id=\"mistakes\">\n")
        body.element("h2", "Diagnosed mistakes, most common first")
        let entries = rankedMistakes()
        guard !entries.isEmpty else {
            body.element("p", ["class": "note"], "No failing quantity matched a known mistake.")
            body.raw("</section>\n")
            return
        }
        body.open("ol", ["class": "mistakes"])
        for entry in entries {
            body.open(
                "li",
                [
                    "class": "mistake", "data-mistake": entry.id.rawValue, "data-quantity": entry.quantity.rawValue,
                    "data-count": String(entry.count),
                ])
            body.element("h3", headline(entry))
            body.element("p", ["class": "meta"]) { meta in
                meta.add("\(entry.count) student\(entry.count == 1 ? "" : "s") · ")
                meta.element("code", entry.quantity.rawValue)
                meta.add(" in ")
                meta.element("a", ["href": "#" + ClassPage.anchor(entry.exercise.id)], entry.exercise.id.rawValue)
                meta.add(" · ")
                meta.element("code", entry.id.rawValue)
            }
            for group in entry.hints {
                if !group.hint.isEmpty {
                    body.element("p", ["class": "hint"]) { hint in
                        hint.element("strong", "Hint: ")
                        hint.add(group.hint)
                    }
                }
                body.element("p", ["class": "who"]) { who in
                    who.add(group.students.count == 1 ? "Student: " : "Students: ")
                    for student in group.students {
                        who.element("a", ["href": ClassPage.link(to: student)], student.name)
                        who.raw(" ")
                    }
                }
            }
            body.close("li")
            body.raw("\n")
        }
        body.close("ol")
        body.raw("</section>\n")
    }
}
