import Foundation
import GraderCore
import Testing

/// The gradebook import files, rendered from constructed reports that carry platform identities.
@Suite("Gradebooks")
struct GradebookTests {
    /// The HTML tests' class (six students, two exercises), each student with an identity.
    static func platformClass(_ identity: (String, Int) -> PlatformIdentity?) throws -> HTMLTestClass {
        var test = try HTMLTestClass.sample()
        for (index, student) in test.students.enumerated() {
            for exercise in test.reports[student, default: [:]].keys {
                test.reports[student]?[exercise]?.identity = identity(student.name, index)
            }
        }
        return test
    }

    static func gradescope(_ name: String, _ index: Int) -> PlatformIdentity {
        var people = [
            PlatformIdentity.Person(name: name.capitalized, email: "\(name)@example.edu", studentNumber: "9\(index)")
        ]
        if name == "bob" {
            people.append(.init(name: "Bea", email: "bea@example.edu", studentNumber: "99", section: "A"))
        }
        return PlatformIdentity(platform: .gradescope, submissionID: "10\(index)", people: people)
    }

    static func canvas(_ name: String, _ index: Int) -> PlatformIdentity {
        PlatformIdentity(platform: .canvas, late: index == 2, people: [.init(name: name, userID: "100\(index)")])
    }

    static func rows(_ data: Data) -> [[String]] {
        String(decoding: data, as: UTF8.self).components(separatedBy: "\r\n").dropLast().map {
            $0.components(separatedBy: ",")
        }
    }

    static func file(_ name: String, of report: ClassReport) throws -> Data? {
        try report.files().first { $0.name == name }?.data
    }

    @Test func canvasHasItsStudentColumnsThenAColumnPerExercise() throws {
        let report = try Self.platformClass(Self.canvas).compacted
        let rows = Self.rows(try #require(try Self.file(CanvasGradebook.fileName, of: report)))
        #expect(
            rows[0] == [
                "Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Backward pass of a fully-connected layer",
                "Backward pass of Sigmoid and ReLU",
            ])
        #expect(rows[1] == ["Points Possible", "", "", "", "", "10", "10"])
        #expect(rows[2] == ["alice", "1000", "", "", "", "10", "10"])
        #expect(rows.count == 2 + report.students.count)
        let grades = GradesCSV.render(
            students: report.students, exercises: report.exercises.map(\.id), reports: report.reports)
        for (row, line) in zip(rows.dropFirst(2), grades.components(separatedBy: "\r\n").dropFirst()) {
            #expect(
                Array(row.suffix(2)) == Array(line.components(separatedBy: ",").dropFirst().prefix(2)), "\(row) \(line)"
            )
        }
        #expect(try Self.file(MoodleGradebook.fileName, of: report) == nil, "Canvas ids mean nothing to Moodle")
        #expect(MoodleGradebook.omission(report)?.contains("email address or ID number") == true)
    }

    @Test func gradescopeGivesARowPerSubmitterToBothGradebooks() throws {
        let report = try Self.platformClass(Self.gradescope).compacted
        let canvas = Self.rows(try #require(try Self.file(CanvasGradebook.fileName, of: report)))
        #expect(canvas[0].prefix(5) == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"])
        #expect(canvas.count == 2 + report.students.count + 1, "bob's group has two people")
        let bobRow = try #require(canvas.first { $0[0] == "Bob" })
        #expect(canvas.contains(["Bea", "", "99", "", "A"] + bobRow.suffix(2)))
        let moodle = Self.rows(try #require(try Self.file(MoodleGradebook.fileName, of: report)))
        #expect(
            moodle[0] == [
                "Email address", "ID number", "Backward pass of a fully-connected layer",
                "Backward pass of Sigmoid and ReLU",
            ])
        #expect(moodle.count == 1 + report.students.count + 1)
        #expect(moodle.dropFirst().allSatisfy { !$0[0].isEmpty && !$0[1].isEmpty }, "never a blank identifier")
        let bobLine = try #require(moodle.first { $0[0] == "bob@example.edu" })
        #expect(moodle.contains(["bea@example.edu", "99"] + bobLine.suffix(2)))
        #expect(MoodleGradebook.omission(report) == nil)
    }

    @Test func moodleKeepsOnlyTheIdentifiersEveryoneHas() throws {
        let report = try Self.platformClass { name, index in
            var identity = Self.gradescope(name, index)
            if name == "carol" { identity.people[0].studentNumber = nil }
            return identity
        }.compacted
        #expect(MoodleGradebook.identifiers(report) == [.email])
        let moodle = Self.rows(try #require(try Self.file(MoodleGradebook.fileName, of: report)))
        #expect(moodle[0].first == "Email address" && moodle[0].count == 3)
    }

    @Test func aPlainClassHasNoGradebookFilesAndAStaleOneIsRemoved() throws {
        let plain = try HTMLTestClass.sample().compacted
        let names = try plain.files().map(\.name)
        #expect(names == ["summary.json", "grades.csv", "index.html"])
        let scratch = try Scratch()
        defer { scratch.remove() }
        try Data("stale".utf8).write(to: URL(fileURLWithPath: scratch.path + "/" + CanvasGradebook.fileName))
        try plain.write(to: scratch.path)
        #expect(!FileManager.default.fileExists(atPath: scratch.path + "/" + CanvasGradebook.fileName))
        let platform = try Self.platformClass(Self.gradescope).compacted
        try platform.write(to: scratch.path)
        for name in [CanvasGradebook.fileName, MoodleGradebook.fileName] {
            #expect(FileManager.default.fileExists(atPath: scratch.path + "/" + name), "\(name)")
        }
    }

    @Test func identitiesRoundTripThroughTheReportAndAreAbsentOtherwise() throws {
        let test = try Self.platformClass(Self.gradescope)
        let report = try #require(test.reports[StudentID("bob")]?[.fcBackward])
        let decoded = try ReportJSON.decode(ExerciseReport.self, from: try ReportJSON.data(report))
        #expect(decoded == report && decoded.identity?.people.count == 2)
        let plain = try #require(try HTMLTestClass.sample().reports[StudentID("bob")]?[.fcBackward])
        #expect(!String(decoding: try ReportJSON.data(plain), as: UTF8.self).contains("identity"))
    }
}
