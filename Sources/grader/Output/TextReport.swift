import GraderCore

/// Human-readable renderings of reports for the terminal. Everything that comes from a submission
/// (messages quoting the runtime or the compiler, what it printed) goes through ``TerminalText``.
enum TextReport {
    /// How much of what a failing class printed is shown under it.
    static let printedLines = 12
    /// How many lines of compiler errors are shown (the first errors explain the rest).
    static let diagnosticLines = 30

    /// A submission's report: a line per scored quantity, then its first failure, its hint, and what
    /// the class printed.
    static func render(_ report: ExerciseReport, console: Console) -> String {
        var lines: [String] = []
        lines.append(console.styled("\(report.exercise.rawValue): \(report.title)", .bold))
        lines.append("submission: \(TerminalText.safe(report.submission))   seed: \(report.seed)")
        // A hint about the whole file (a missing import) comes before the errors it explains.
        let fileHint =
            report.methods.allSatisfy(\.status.isCompileVerdict) ? report.methods.first?.hint : nil
        if let diagnostics = report.diagnostics {
            lines.append(console.styled(report.status == .compileError ? "does not compile:" : "not compiled:", .red))
            if let fileHint { lines.append("  " + console.styled("hint: ", .bold) + TerminalText.safe(fileHint)) }
            let diagnosticLines = TerminalText.safe(diagnostics, multiline: true).split(
                separator: "\n", omittingEmptySubsequences: false)
            lines += diagnosticLines.prefix(TextReport.diagnosticLines).map { "  " + $0 }
            if diagnosticLines.count > TextReport.diagnosticLines {
                lines.append(
                    "  [... \(diagnosticLines.count - TextReport.diagnosticLines) more lines; all of it is in the "
                        + "JSON report]")
            }
        }
        let width = report.methods.map(\.name.rawValue.count).max() ?? 0
        var shownOutput: Set<String> = []
        var shownRerun: Set<String> = []
        for method in report.methods {
            let mark = method.status == .passed ? console.styled("✓", .green) : console.styled("✗", .red)
            let name = method.name.rawValue.padding(toLength: width, withPad: " ", startingAt: 0)
            let points = "\(method.score)/\(method.maxScore)".padding(toLength: 9, withPad: " ", startingAt: 0)
            var line = "  \(mark) \(name)  \(points) \(method.casesPassed)/\(method.casesTotal) cases"
            if method.status != .passed { line += "  " + console.styled(method.status.label, .yellow) }
            lines.append(line)
            guard method.status != .passed else { continue }
            if !method.status.isCompileVerdict {
                // A worker that ended early explains itself; otherwise show the first failing case.
                let first = method.failures.first.flatMap { $0.kind == .noResult ? nil : $0.message }
                lines.append(
                    "      "
                        + TerminalText.safe(method.status.isWorkerEnding ? method.message : first ?? method.message))
            }
            if let hint = method.hint, hint != fileHint || report.diagnostics == nil {
                lines.append("      " + console.styled("hint: ", .bold) + TerminalText.safe(hint))
            }
            let className = String(method.name.rawValue.split(separator: ".").first ?? "")
            // One command per class re-runs its first failing case alone, with the values shown.
            if !shownRerun.contains(className), method.status.ranCases, let failure = method.failures.first {
                shownRerun.insert(className)
                lines.append(
                    "      " + console.styled("rerun this case: ", .dim)
                        + TerminalText.safe(report.reproduceCommand(for: failure, of: method)))
            }
            // The template's trap prints only its own report: nothing of the student's to show.
            if !shownOutput.contains(className), method.status != .notImplemented,
                let printed = report.printed(by: className)
            {
                shownOutput.insert(className)
                lines.append("      " + console.styled("\(className) printed:", .dim))
                let printedLines = TerminalText.safe(CrashReport.condensed(printed), multiline: true).split(
                    separator: "\n", omittingEmptySubsequences: false)
                let kept = printedLines.suffix(TextReport.printedLines)
                if kept.count < printedLines.count {
                    lines.append(
                        "      | [... \(printedLines.count - kept.count) earlier lines; all of it is in the JSON report]"
                    )
                }
                lines += kept.map { "      | " + $0 }
            }
        }
        lines.append(console.styled("score: \(report.score)/\(report.maxScore)", .bold))
        return lines.joined(separator: "\n")
    }

    /// The table that ends a batch: a row per student, a column per exercise, a total.
    static func table(
        students: [StudentID], exercises: [ExerciseConfiguration], reports: [StudentID: [ExerciseID: ExerciseReport]]
    ) -> String {
        let header = ["student"] + exercises.map(\.id.rawValue) + ["total"]
        var rows: [[String]] = []
        let maxTotal = exercises.map { Points($0.maxScore) }.sum()
        for student in students {
            var total = Points.zero
            var row = [TerminalText.safe(student.name)]
            for exercise in exercises {
                guard let report = reports[student]?[exercise.id] else {
                    row.append("-")
                    continue
                }
                total = total + report.score
                row.append("\(report.score)/\(report.maxScore)" + (note(report).map { " (\($0))" } ?? ""))
            }
            // A student with nothing graded (an interrupted batch) has no total yet, not zero.
            let graded = exercises.contains { reports[student]?[$0.id] != nil }
            row.append(graded ? "\(total)/\(maxTotal)" : "-")
            rows.append(row)
        }
        var meanRow = ["mean"]
        var meanTotal = 0.0
        for exercise in exercises {
            let scores = students.compactMap { reports[$0]?[exercise.id]?.score.value }
            let mean = scores.isEmpty ? 0 : scores.reduce(0, +) / Double(scores.count)
            meanTotal += mean
            meanRow.append(Points(mean).description)
        }
        meanRow.append(Points(meanTotal).description)
        let all = [header] + rows + [meanRow]
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { $0.element.padding(toLength: widths[$0.offset], withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingTrailingSpaces()
        }.joined(separator: "\n")
    }

    /// A short note on the worst verdict of a report, e.g. `crashed`.
    static func note(_ report: ExerciseReport) -> String? {
        switch report.status {
        case .compileError: return "compile error"
        case .compileTimedOut: return "compile timed out"
        case .compileMemoryLimit: return "compiler out of memory"
        case .missingFile: return "no file"
        case .rejectedFile: return "file refused"
        case .graded:
            let bad = report.methods.map(\.status).first {
                $0 != .passed && $0.isWorkerEnding || $0 == .missingMember || $0 == .notImplemented
            }
            return bad.map(\.label)
        }
    }
}

extension MethodStatus {
    /// Whether cases of the quantity ran and one failed, so re-running that case shows something.
    var ranCases: Bool {
        switch self {
        case .wrongValues, .wrongShape, .nonFinite, .missingValue, .crashed, .timedOut, .memoryLimit,
            .exitedWithoutResult:
            true
        default: false
        }
    }

    /// Whether the worker ended abnormally (the message then says how).
    var isWorkerEnding: Bool {
        switch self {
        case .crashed, .timedOut, .memoryLimit, .exitedWithoutResult, .protocolViolation: true
        default: false
        }
    }

    /// Whether the verdict is about the file, not a run (the message is then the compiler's or the reader's).
    var isCompileVerdict: Bool {
        switch self {
        case .compileError: true
        default: false
        }
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var text = self
        while text.hasSuffix(" ") { text.removeLast() }
        return text
    }
}
