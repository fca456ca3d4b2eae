import Foundation

/// A class's grades at the class level, made from the per-student reports alone: what
/// `summary.json`, `grades.csv`, the class page and every other class-level file is rendered from,
/// and, with each student's whole reports, the files in each student's folder (see
/// ``StudentFileFormat``), after a batch or a merge of shards (so that both write the same bytes).
public struct ClassReport: Sendable {
    /// The students, in row order.
    public var students: [StudentID]
    /// The exercises, in column order.
    public var exercises: [Exercise]
    /// The reports (compacted or whole), by student then exercise.
    public var reports: [StudentID: [ExerciseID: ExerciseReport]]
    /// The seed the cases came from.
    public var seed: UInt64
    /// The configuration's fingerprint.
    public var configurationFingerprint: String

    /// Creates a class report.
    public init(
        students: [StudentID], exercises: [Exercise], reports: [StudentID: [ExerciseID: ExerciseReport]], seed: UInt64,
        configurationFingerprint: String
    ) {
        self.students = students
        self.exercises = exercises
        self.reports = reports
        self.seed = seed
        self.configurationFingerprint = configurationFingerprint
    }

    /// `summary.json`'s content.
    public var summary: BatchSummary { BatchSummary(reports: reports, exercises: exercises, seed: seed) }

    /// Every class-level file that applies to this class, rendered.
    ///
    /// - Throws: when a format fails to render (not expected).
    public func files() throws -> [(name: String, data: Data)] {
        try ClassFileFormat.all.filter { $0.isWritten(self) }.map { format in (format.name, try format.render(self)) }
    }

    /// Writes every student's files into their folder of `directory`, then every class-level file,
    /// each atomically: so that the class page appears when the pages it links to are there.
    ///
    /// A student's files are rendered from their whole reports, read one student at a time from
    /// `directory` (see ``wholeReports(of:in:)``), so memory stays flat however large the class.
    ///
    /// - Returns: the summary.
    /// - Throws: ``GraderError/cannotWrite(path:reason:)``.
    @discardableResult
    public func write(to directory: String) throws -> BatchSummary {
        for student in students {
            let whole = wholeReports(of: student, in: directory)
            for (name, data) in try studentFiles(of: student, reports: whole) {
                try AtomicFile.write(data, to: directory + "/" + student.folderName + "/" + name)
            }
        }
        for (name, data) in try files() { try AtomicFile.write(data, to: directory + "/" + name) }
        // A file that does not apply to this class (a gradebook of another platform's class written
        // here before) must not outlive it.
        for format in ClassFileFormat.all where !format.isWritten(self) {
            _ = unlink(directory + "/" + format.name)
        }
        return summary
    }
}

/// One class-level file: its name and how it is rendered from a ``ClassReport``. A new one is a
/// value added to ``all``.
public struct ClassFileFormat: Sendable {
    /// The file's name at the top of the report folder (reserved: see ``ClassFiles``).
    public var name: String
    /// Whether a class has it (every class has most files; the gradebook files are written for a
    /// class that came from a platform).
    public var isWritten: @Sendable (ClassReport) -> Bool
    /// Renders it.
    public var render: @Sendable (ClassReport) throws -> Data

    /// Creates a format.
    public init(
        name: String, isWritten: @escaping @Sendable (ClassReport) -> Bool = { _ in true },
        render: @escaping @Sendable (ClassReport) throws -> Data
    ) {
        self.name = name
        self.isWritten = isWritten
        self.render = render
    }

    /// `summary.json`.
    public static let summary = ClassFileFormat(name: ClassFiles.summary) { try ReportJSON.data($0.summary) }

    /// `grades.csv`.
    public static let grades = ClassFileFormat(name: ClassFiles.grades) { report in
        Data(
            GradesCSV.render(students: report.students, exercises: report.exercises.map(\.id), reports: report.reports)
                .utf8)
    }

    /// `index.html`, the class page: plots, the ranked mistakes and the students' table, each name a
    /// link to the student's page (see ``StudentFileFormat/page``).
    public static let classPage = ClassFileFormat(name: ClassFiles.classPage) { ClassPage($0).render() }

    /// `canvas-gradebook.csv`, for a class from a platform (see ``CanvasGradebook``).
    public static let canvasGradebook = ClassFileFormat(
        name: CanvasGradebook.fileName, isWritten: Gradebook.hasIdentities
    ) { Data(CanvasGradebook.render($0).utf8) }

    /// `moodle-grades.csv`, for a class from a platform whose every student has an identifier
    /// Moodle maps (see ``MoodleGradebook``).
    public static let moodleGradebook = ClassFileFormat(
        name: MoodleGradebook.fileName, isWritten: MoodleGradebook.isWritten
    ) { Data(MoodleGradebook.render($0).utf8) }

    /// Every class-level file a batch and a merge write (those that apply to the class).
    public static let all: [ClassFileFormat] = [.summary, .grades, .classPage, .canvasGradebook, .moodleGradebook]
}
