/// `moodle-grades.csv`: a file Moodle's "Import grades from CSV" reads (`grade/import/csv`).
///
/// Moodle maps one column to its users ("Map from" / "Map to": `useremail` for an email address,
/// `useridnumber` for an ID number) and each other column to a grade item or to "New grade item",
/// named after the column. Every row's identifier must be a user of the site: one that is not
/// aborts the whole import, and a blank one is never written. So the file has the identifier
/// columns every person has (`Email address` from Gradescope's emails, `ID number` from its SIDs),
/// then a column per exercise; it is not written when there is no such identifier (Canvas's
/// download names students by a Canvas id Moodle does not know).
public enum MoodleGradebook {
    /// The file's name.
    public static let fileName = "moodle-grades.csv"

    /// An identifier column Moodle can map to its users.
    public enum Identifier: String, Sendable, CaseIterable {
        /// Mapped to `useremail` (compared case-sensitively by Moodle).
        case email = "Email address"
        /// Mapped to `useridnumber`.
        case idNumber = "ID number"

        func value(of person: PlatformIdentity.Person) -> String? {
            switch self {
            case .email: person.email
            case .idNumber: person.studentNumber
            }
        }
    }

    /// The identifier columns every person of the class has (none: the file is not written).
    public static func identifiers(_ report: ClassReport) -> [Identifier] {
        let rows = Gradebook.rows(report)
        guard Gradebook.hasIdentities(report), !rows.isEmpty else { return [] }
        return Identifier.allCases.filter { identifier in
            rows.allSatisfy { identifier.value(of: $0.person).map { !$0.isEmpty } ?? false }
        }
    }

    /// Whether the file is written: the class came from a platform and has an identifier column.
    public static func isWritten(_ report: ClassReport) -> Bool { !identifiers(report).isEmpty }

    /// Why the file is not written for a class from a platform, or `nil` when it is (or when the
    /// class is a plain folder of students, which has no gradebook files).
    public static func omission(_ report: ClassReport) -> String? {
        guard Gradebook.hasIdentities(report), identifiers(report).isEmpty else { return nil }
        return "\(fileName) not written: Moodle matches rows by email address or ID number, and not every "
            + "student has one in this class's export"
    }

    /// Renders the file: the header, then a row per person (one row per identifier value).
    public static func render(_ report: ClassReport) -> String {
        let identifiers = identifiers(report)
        var rows = [identifiers.map(\.rawValue) + report.exercises.map { Gradebook.title(of: $0, in: report) }]
        var seen: Set<[String]> = []
        for row in Gradebook.rows(report) {
            let keys = identifiers.map { $0.value(of: row.person) ?? "" }
            guard seen.insert(keys).inserted else { continue }
            rows.append(keys + report.exercises.map { Gradebook.score(row.student, $0, in: report) })
        }
        return Gradebook.csv(rows)
    }
}
