/// The files a batch writes at the class level, beside the students' folders: one list, so that no
/// student's folder can take one of their names (see ``StudentID/folderName``).
public enum ClassFiles {
    /// `summary.json`.
    public static let summary = "summary.json"
    /// `grades.csv`.
    public static let grades = "grades.csv"
    /// `index.html`, the class page.
    public static let classPage = "index.html"

    /// Every name reserved at the top of a report folder (compared in lower case).
    public static let reservedNames: Set<String> = [
        summary, grades, classPage, "canvas-gradebook.csv",
        "moodle-grades.csv", "students.json", "assets",
    ]
}
