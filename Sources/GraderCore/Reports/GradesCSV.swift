/// `grades.csv`: one row a student, a column per exercise and a total, for a gradebook.
///
/// RFC 4180: comma-separated, CRLF line ends, fields quoted when they hold a comma, a quote or a line
/// break. The first row is the header (`student,<exercise ids...>,total`); a missing submission counts
/// 0. A cell that a spreadsheet would take for a formula (it starts with `=`, `+`, `-`, `@`, a tab or a
/// carriage return) is written as text, as OWASP recommends: a single quote before it, the whole
/// quoted.
public enum GradesCSV {
    /// Renders the table.
    ///
    /// - Parameters:
    ///   - students: the students, in row order.
    ///   - exercises: the exercises, in column order.
    ///   - reports: the reports by student, then exercise.
    /// - Returns: the CSV text.
    public static func render(
        students: [StudentID], exercises: [ExerciseID], reports: [StudentID: [ExerciseID: ExerciseReport]]
    ) -> String {
        var lines = [(["student"] + exercises.map(\.rawValue) + ["total"]).map(field).joined(separator: ",")]
        for student in students {
            let scores = exercises.map { reports[student]?[$0]?.score ?? .zero }
            lines.append(
                ([field(student.name)] + scores.map(\.description) + [scores.sum().description]).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// One field, quoted when it must be, neutralised when a spreadsheet would run it.
    public static func field(_ text: String) -> String {
        let formula = text.first.map { "=+-@\t\r".contains($0) } ?? false
        let value = formula ? "'" + text : text
        guard formula || value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else {
            return value
        }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
