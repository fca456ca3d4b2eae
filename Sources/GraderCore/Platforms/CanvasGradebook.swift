/// `canvas-gradebook.csv`: a file Canvas's Gradebook imports ("Import" in the Gradebook's actions).
///
/// The columns are those Canvas's importer (`app/models/gradebook_importer.rb`) reads before the
/// assignments: `Student`, `ID`, `SIS User ID`, `SIS Login ID`, `Section` (`SIS User ID` only
/// counts when `SIS Login ID` follows it, and the last of them must be `Section`), then a column per
/// exercise. Canvas matches a row by `ID` (its user id, which its download's file names carry), then
/// by `SIS User ID` or `SIS Login ID`, then by the exact name; an assignment column by the
/// `Title (id)` Canvas exports, else by the exact title, else it creates an assignment of that title
/// whose points come from the `Points Possible` row.
public enum CanvasGradebook {
    /// The file's name.
    public static let fileName = "canvas-gradebook.csv"
    /// The student columns, in Canvas's order.
    public static let studentColumns = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]

    /// Renders the file: the header, the `Points Possible` row, then a row per person.
    public static func render(_ report: ClassReport) -> String {
        var rows = [studentColumns + report.exercises.map { Gradebook.title(of: $0, in: report) }]
        rows.append(
            ["Points Possible", "", "", "", ""]
                + report.exercises.map { Gradebook.maxScore(of: $0, in: report)?.description ?? "" })
        for row in Gradebook.rows(report) {
            let person = row.person
            // Gradescope's SID is the institution's student number, what Canvas calls the SIS user id.
            rows.append(
                [
                    person.name ?? row.student.name, person.userID ?? "", person.studentNumber ?? "", "",
                    person.section ?? "",
                ]
                    + report.exercises.map { Gradebook.score(row.student, $0, in: report) })
        }
        return Gradebook.csv(rows)
    }
}
