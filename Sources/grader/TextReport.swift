import GraderCore

/// Human-readable renderings of reports for the terminal.
enum TextReport {
    /// A submission's report: a line per scored quantity, then its first failure and hint.
    static func render(_ report: ExerciseReport, console: Console) -> String {
        var lines: [String] = []
        lines.append(console.styled("\(report.exercise.rawValue): \(report.title)", .bold))
        lines.append("submission: \(report.submission)   seed: \(report.seed)")
        if let diagnostics = report.diagnostics {
            lines.append(console.styled("does not compile:", .red))
            lines.append(
                contentsOf: diagnostics.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 })
        }
        let width = report.methods.map(\.name.count).max() ?? 0
        for method in report.methods {
            let mark = method.status == .passed ? console.styled("✓", .green) : console.styled("✗", .red)
            let name = method.name.padding(toLength: width, withPad: " ", startingAt: 0)
            let points = "\(score(method.score))/\(score(method.maxScore))".padding(
                toLength: 9, withPad: " ", startingAt: 0)
            let cases = "\(method.casesPassed)/\(method.casesTotal) cases"
            var line = "  \(mark) \(name)  \(points) \(cases)"
            if method.status != .passed { line += "  " + console.styled(method.status.label, .yellow) }
            lines.append(line)
            if method.status != .passed && method.status != .compileError {
                // A worker that ended early explains itself; otherwise show the first failing case.
                let first = method.failures.first.flatMap { $0.kind == .noResult ? nil : $0.message }
                lines.append("      " + (method.status.isWorkerEnding ? method.message : first ?? method.message))
            }
            if let hint = method.hint { lines.append("      " + console.styled("hint: ", .bold) + hint) }
        }
        lines.append(console.styled("score: \(score(report.score))/\(score(report.maxScore))", .bold))
        return lines.joined(separator: "\n")
    }

    /// The table that ends a batch: a row per student, a column per exercise, a total.
    static func table(
        students: [String], exercises: [ExerciseID], reports: [String: [ExerciseID: ExerciseReport]],
        maxScores: [ExerciseID: Double]
    ) -> String {
        let header = ["student"] + exercises.map(\.rawValue) + ["total"]
        var rows: [[String]] = []
        let maxTotal = exercises.reduce(0) { $0 + (maxScores[$1] ?? 0) }
        for student in students {
            var total = 0.0
            var row = [student]
            for exercise in exercises {
                guard let report = reports[student]?[exercise] else {
                    row.append("-")
                    continue
                }
                total += report.score
                var cell = "\(score(report.score))/\(score(report.maxScore))"
                if let note = note(report) { cell += " " + note }
                row.append(cell)
            }
            row.append("\(score(total))/\(score(maxTotal))")
            rows.append(row)
        }
        var meanRow = ["mean"]
        var meanTotal = 0.0
        for exercise in exercises {
            let scores = students.compactMap { reports[$0]?[exercise]?.score }
            let mean = scores.isEmpty ? 0 : scores.reduce(0, +) / Double(scores.count)
            meanTotal += mean
            meanRow.append(score(mean))
        }
        meanRow.append(score(meanTotal))
        let all = [header] + rows + [meanRow]
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { $0.element.padding(toLength: widths[$0.offset], withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingTrailingSpaces()
        }.joined(separator: "\n")
    }

    /// A short note on the worst verdict of a report, e.g. `(crashed)`.
    static func note(_ report: ExerciseReport) -> String? {
        switch report.status {
        case .compileError: return "(compile error)"
        case .missingFile: return "(no file)"
        case .graded:
            let bad = report.methods.map(\.status).first {
                $0 != .passed && $0.isWorkerEnding || $0 == .missingMember || $0 == .notImplemented
            }
            return bad.map { "(\($0.label))" }
        }
    }

    /// A score without needless decimals.
    static func score(_ value: Double) -> String {
        let rounded = (value * 1000).rounded() / 1000
        if rounded == rounded.rounded() { return String(Int(rounded)) }
        var text = String(rounded)
        if text.count > 6 { text = String(text.prefix(6)) }
        return text
    }
}

extension MethodStatus {
    /// Whether the worker ended abnormally (the message then says how).
    var isWorkerEnding: Bool {
        switch self {
        case .crashed, .timedOut, .memoryLimit, .exitedWithoutResult, .protocolViolation: true
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
