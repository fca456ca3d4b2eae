import Foundation
import GraderCore
import TestSupport
import Testing

/// The counts in the line that ends `grader batch`: `N graded, M up to date, K not graded in X s; ...`.
struct BatchCounts: Equatable, CustomStringConvertible {
    var graded: Int
    var upToDate: Int
    var notGraded: Int

    /// Finds the counts line in a batch's standard output.
    init(_ output: GraderOutput) throws {
        let line = try #require(
            output.stdoutLines.last { $0.contains(" graded, ") && $0.contains(" up to date, ") },
            "no counts line: \(output)")
        let match = try #require(
            line.firstMatch(of: try Regex(#"(\d+) graded, (\d+) up to date, (\d+) not graded"#)),
            "bad counts line: \(line)")
        let values = (1...3).compactMap { match.output[$0].substring.flatMap { Int($0) } }
        try #require(values.count == 3, "bad counts line: \(line)")
        graded = values[0]
        upToDate = values[1]
        notGraded = values[2]
    }

    init(graded: Int, upToDate: Int, notGraded: Int) {
        self.graded = graded
        self.upToDate = upToDate
        self.notGraded = notGraded
    }

    var description: String { "\(graded) graded, \(upToDate) up to date, \(notGraded) not graded" }
}

/// What a batch wrote under its output directory.
struct BatchReports {
    /// The reports, by student then exercise.
    var reports: [String: [ExerciseID: ExerciseReport]] = [:]
    /// Each report file's bytes, by its path relative to the output directory.
    var bytes: [String: Data] = [:]

    /// Reads `OUT/<student>/<exercise>.json` for each student and exercise that has one.
    init(out: String, students: [String], exercises: [ExerciseID] = ExerciseID.allCases) throws {
        for student in students {
            for exercise in exercises {
                let relative = student + "/" + exercise.rawValue + ".json"
                guard let data = FileManager.default.contents(atPath: out + "/" + relative) else { continue }
                reports[student, default: [:]][exercise] = try ReportJSON.decode(ExerciseReport.self, from: data)
                bytes[relative] = data
            }
        }
    }

    /// How many reports there are.
    var count: Int { bytes.count }
}

/// `OUT/grades.csv`, parsed.
struct GradesTable {
    var header: [String]
    var rows: [[String]]

    init(out: String) throws {
        let data = try #require(FileManager.default.contents(atPath: out + "/grades.csv"), "no grades.csv in \(out)")
        let lines = CSV.lines(String(decoding: data, as: UTF8.self))
        header = try #require(lines.first)
        rows = Array(lines.dropFirst())
    }

    /// A student's row as column → text.
    func row(_ student: String) -> [String: String]? {
        rows.first { $0.first == student }.map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }
}

/// Checks that `grades.csv` agrees with the reports: a row per student in order, each exercise's
/// column the report's score (0 when there is none), the total their sum.
func expectGradesMatchReports(
    _ table: GradesTable, _ reports: BatchReports, students: [String], exercises: [ExerciseID],
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(table.header == ["student"] + exercises.map(\.rawValue) + ["total"], sourceLocation: sourceLocation)
    #expect(table.rows.map { $0.first ?? "" } == students, sourceLocation: sourceLocation)
    for student in students {
        guard let row = table.row(student) else {
            Issue.record("no row for \(student)", sourceLocation: sourceLocation)
            continue
        }
        var total = 0.0
        for exercise in exercises {
            let score = reports.reports[student]?[exercise]?.score.value ?? 0
            total += score
            #expect(
                row[exercise.rawValue].flatMap(Double.init) == score, "\(student) \(exercise.rawValue)",
                sourceLocation: sourceLocation)
        }
        let written = row["total"].flatMap(Double.init) ?? .nan
        #expect(abs(written - total) < 1e-6, "\(student) total \(written) vs \(total)", sourceLocation: sourceLocation)
        #expect(row.count == exercises.count + 2, sourceLocation: sourceLocation)
    }
}
