import Foundation

/// One file in each student's report folder, beside their `<exercise>.json` reports: rendered from
/// the class report and that student's whole reports, after a batch or a merge of shards. A new one
/// is a value added to ``all``.
public struct StudentFileFormat: Sendable {
    /// The file's name in the student's folder.
    public var name: String
    /// Renders it from the class, the student, and the student's whole reports by exercise.
    public var render: @Sendable (ClassReport, StudentID, [ExerciseID: ExerciseReport]) throws -> Data

    /// Creates a format.
    public init(
        name: String, render: @escaping @Sendable (ClassReport, StudentID, [ExerciseID: ExerciseReport]) throws -> Data
    ) {
        self.name = name
        self.render = render
    }

    /// `index.html`, the student's page: per exercise and method the score, the verdict, the
    /// failing cases and how to reproduce each, the hint, the compiler's diagnostics and what the
    /// submission printed.
    public static let page = StudentFileFormat(name: "index.html") { classReport, student, reports in
        StudentPage(classReport: classReport, student: student, reports: reports).render()
    }

    /// Every per-student file a batch and a merge write.
    public static let all: [StudentFileFormat] = [.page]
}

extension ClassReport {
    /// Where a student's report for an exercise is in a report folder:
    /// `DIR/<student.folderName>/<exercise>.json`.
    public static func reportPath(in directory: String, student: StudentID, exercise: ExerciseID) -> String {
        directory + "/" + student.folderName + "/" + exercise.rawValue + ".json"
    }

    /// A student's whole reports, for their own files.
    ///
    /// Each is the `<exercise>.json` file in `directory` when that file is the report this class
    /// report holds (the two are equal once both are compacted), so a batch, which keeps only
    /// compacted reports in memory, still shows every failure; otherwise (no file, an unreadable or
    /// another one) it is the report held.
    ///
    /// - Parameters:
    ///   - student: the student.
    ///   - directory: the report folder.
    /// - Returns: the reports by exercise: only those this class report holds.
    public func wholeReports(of student: StudentID, in directory: String) -> [ExerciseID: ExerciseReport] {
        var whole: [ExerciseID: ExerciseReport] = [:]
        for (exercise, held) in reports[student] ?? [:] {
            let path = ClassReport.reportPath(in: directory, student: student, exercise: exercise)
            if let data = FileManager.default.contents(atPath: path),
                let read = try? ReportJSON.decode(ExerciseReport.self, from: data), read.compacted == held.compacted
            {
                whole[exercise] = read
            } else {
                whole[exercise] = held
            }
        }
        return whole
    }

    /// A student's files (every ``StudentFileFormat``), rendered.
    ///
    /// - Parameters:
    ///   - student: the student.
    ///   - reports: the student's whole reports by exercise (see ``wholeReports(of:in:)``).
    /// - Throws: when a format fails to render (not expected).
    public func studentFiles(
        of student: StudentID, reports: [ExerciseID: ExerciseReport]
    ) throws -> [(name: String, data: Data)] {
        try StudentFileFormat.all.map { format in (format.name, try format.render(self, student, reports)) }
    }
}
