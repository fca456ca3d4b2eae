/// What the gradebook import files share: a row per person of the platform's identity, a column
/// per exercise titled as the configuration titles it.
enum Gradebook {
    /// One row: the person, and the student (folder) whose reports hold the scores.
    struct Row {
        var person: PlatformIdentity.Person
        var student: StudentID
    }

    /// Whether any report of the class carries a platform identity (the class came from Gradescope
    /// or Canvas): the gradebook files are written only then.
    static func hasIdentities(_ report: ClassReport) -> Bool {
        report.reports.values.contains { $0.values.contains { $0.identity != nil } }
    }

    /// A row per person, in student order; a student without an identity is one row named after
    /// their folder.
    static func rows(_ report: ClassReport) -> [Row] {
        report.students.flatMap { student -> [Row] in
            let identity = report.reports[student]?.values.compactMap(\.identity).first
            let people = identity?.people ?? []
            if people.isEmpty { return [Row(person: PlatformIdentity.Person(name: student.name), student: student)] }
            return people.map { Row(person: $0, student: student) }
        }
    }

    /// An exercise's column title: its title in the reports (the configuration's), else the
    /// exercise's default.
    static func title(of exercise: Exercise, in report: ClassReport) -> String {
        report.reports.values.lazy.compactMap { $0[exercise.id]?.title }.first ?? exercise.defaultTitle
    }

    /// An exercise's points possible, from the reports.
    static func maxScore(of exercise: Exercise, in report: ClassReport) -> Points? {
        report.reports.values.lazy.compactMap { $0[exercise.id]?.maxScore }.first
    }

    /// A student's score for an exercise, or empty when there is no report (an import leaves it).
    static func score(_ student: StudentID, _ exercise: Exercise, in report: ClassReport) -> String {
        report.reports[student]?[exercise.id]?.score.description ?? ""
    }

    /// CSV lines, CRLF-terminated, each field as ``GradesCSV/field(_:)`` writes it.
    static func csv(_ rows: [[String]]) -> String {
        rows.map { $0.map(GradesCSV.field).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }
}
