import Foundation

/// `grades.csv`: one row a student, a column per exercise and a total, for a gradebook.
///
/// RFC 4180: comma-separated, CRLF line ends, fields quoted when they hold a comma, a quote or a line
/// break. The first row is the header (`student,<exercise ids...>,total`); a missing submission counts 0.
public enum GradesCSV {
    /// Renders the table.
    ///
    /// - Parameters:
    ///   - students: the students, in row order.
    ///   - exercises: the exercises, in column order.
    ///   - reports: the reports by student, then exercise.
    /// - Returns: the CSV text.
    public static func render(
        students: [String], exercises: [ExerciseID], reports: [String: [ExerciseID: ExerciseReport]]
    ) -> String {
        var lines = [(["student"] + exercises.map(\.rawValue) + ["total"]).map(field).joined(separator: ",")]
        for student in students {
            var total = 0.0
            var row = [field(student)]
            for exercise in exercises {
                let score = reports[student]?[exercise]?.score ?? 0
                total += score
                row.append(format(score))
            }
            row.append(format(total))
            lines.append(row.joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
