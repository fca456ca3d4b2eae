// A class graded in shards into one folder, then merged: the same class-level files as one batch;
// a missing shard listed, mixed seeds refused, shards that saw another class refused.

import Foundation
import GraderCore
import TestSupport
import Testing

@Suite("Sharded batches and their merge")
struct ClassMergerTests {
    /// A scratch folder with a class of copies of the sample students (all but frank, whose ReLU runs
    /// to the time limit) under names that exercise the report folder's escaping.
    struct Scratch {
        let path: String
        static let students = [
            ("alice", "alice"), ("bob", "bob"), ("carol", "carol"), ("dave", "dave"), ("erin", "erin"),
            ("grace", "grace"), ("heidi", "heidi"), ("alice", "zoé"), ("carol", "o'brien"), ("dave", "with space"),
            ("bob", "%percent"), ("erin", "grades.csv"),
        ]

        init() throws {
            path = NSTemporaryDirectory() + "bpg-merge-\(UUID().uuidString)"
            for (sample, name) in Scratch.students {
                try FileManager.default.createDirectory(atPath: path + "/class", withIntermediateDirectories: true)
                try FileManager.default.copyItem(
                    atPath: TestEnvironment.example(sample), toPath: path + "/class/" + name)
            }
        }

        var classDirectory: String { path + "/class" }
        func out(_ name: String) -> String { path + "/" + name }
        func remove() { try? FileManager.default.removeItem(atPath: path) }
    }

    static let exercises = ExerciseID.allCases

    func batch(_ grader: Grader, _ scratch: Scratch, out: String, shard: Shard? = nil) throws -> BatchGrader.Result {
        try BatchGrader(
            grader: grader,
            options: BatchGrader.Options(
                directory: scratch.classDirectory, outputDirectory: out, exercises: Self.exercises, jobs: 2,
                resume: false, shard: shard)
        ).run()
    }

    func merger(_ out: String, classDirectory: String? = nil) throws -> ClassMerger {
        ClassMerger(
            configuration: try TestEnvironment.configuration(), configurationPath: "grader.json",
            options: ClassMerger.Options(outputDirectory: out, classDirectory: classDirectory))
    }

    /// The class-level files of a folder, by name.
    func classFiles(_ out: String) -> [String: Data] {
        var files: [String: Data] = [:]
        for format in ClassFileFormat.all {
            files[format.name] = FileManager.default.contents(atPath: out + "/" + format.name)
        }
        return files
    }

    @Test func twoShardsWritingIntoOneFolderAtOnceMergeToTheBytesOfOneBatch() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let grader = try TestEnvironment.sharedGrader()
        let whole = try batch(grader, scratch, out: scratch.out("one"))
        #expect(whole.failures.isEmpty)
        let results = SendableBox<[Int: Result<BatchGrader.Result, any Error>]>([:])
        let group = DispatchGroup()
        for index in 0..<2 {
            group.enter()
            Thread.detachNewThread {
                defer { group.leave() }
                let result = Result {
                    try batch(grader, scratch, out: scratch.out("sharded"), shard: Shard(index: index, count: 2))
                }
                results.update { $0[index] = result }
            }
        }
        group.wait()
        let shards = try (0..<2).map { try #require(results.value[$0]).get() }
        #expect(Set(shards[0].students).isDisjoint(with: shards[1].students))
        #expect((shards[0].students + shards[1].students).sorted() == whole.students)
        #expect(shards.allSatisfy { $0.summary == nil && $0.manifest?.status == .complete })
        #expect(classFiles(scratch.out("sharded")).isEmpty, "a shard wrote a class-level file")
        let merged = try merger(scratch.out("sharded")).run()
        #expect(merged.notes.isEmpty, "\(merged.notes)")
        #expect(merged.run?.count == 2)
        let expected = classFiles(scratch.out("one"))
        // A class of plain folders has no platform identities: no Canvas or Moodle gradebook (issue 11).
        #expect(
            Set(expected.keys) == [ClassFiles.summary, ClassFiles.grades, ClassFiles.classPage], "\(expected.keys)")
        #expect(classFiles(scratch.out("sharded")) == expected)
        // Every report of the one-machine batch has its twin, the same grade.
        for student in whole.students {
            for exercise in Self.exercises {
                let relative = "/" + student.folderName + "/" + exercise.rawValue + ".json"
                let one = try #require(FileManager.default.contents(atPath: scratch.out("one") + relative))
                let two = try #require(FileManager.default.contents(atPath: scratch.out("sharded") + relative))
                let (a, b) = (
                    try ReportJSON.decode(ExerciseReport.self, from: one),
                    try ReportJSON.decode(ExerciseReport.self, from: two)
                )
                #expect(a.score == b.score && a.status == b.status && a.configuration == b.configuration)
            }
        }
    }

    @Test func aMissingShardIsListedAndNothingIsWritten() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let out = scratch.out("sharded")
        _ = try batch(try TestEnvironment.sharedGrader(), scratch, out: out, shard: Shard(index: 0, count: 2))
        let expectedMissing = Scratch.students.map { StudentID($0.1) }.filter { Shard.index(of: $0, count: 2) == 1 }
            .sorted()
        #expect(!expectedMissing.isEmpty)
        do {
            _ = try merger(out).run()
            Issue.record("a merge with a shard missing succeeded")
        } catch let MergeError.missingReports(missing, notes) {
            #expect(missing.map(\.student) == expectedMissing)
            #expect(
                missing.allSatisfy { $0.exercises == Self.exercises && $0.shard == (try? Shard(index: 1, count: 2)) })
            #expect(notes == ["shard 1 of 2 wrote no manifest (it never started, or wrote elsewhere)"])
            let text = MergeError.missingReports(missing, shardNotes: notes).description
            #expect(text.contains(expectedMissing[0].name) && text.contains("shard 1 of 2"))
        }
        #expect(classFiles(out).isEmpty)
        // The class folder says the same: the class, not the reports present, decides who is missing.
        #expect(throws: MergeError.self) { try merger(out, classDirectory: scratch.classDirectory).run() }
    }

    @Test func reportsOfAnotherSeedAreRefusedByName() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let configuration = try TestEnvironment.configuration()
        let other = try Grader.make(
            configuration: configuration, seed: 7, timeLimitSeconds: 4, workerExecutable: TestEnvironment.graderBinary,
            home: GraderHome(root: TestEnvironment.packageRoot))
        let out = scratch.out("sharded")
        // Shard 0 with the class's seed, shard 1 with another: the manifests disagree.
        _ = try batch(try TestEnvironment.sharedGrader(), scratch, out: out, shard: Shard(index: 0, count: 2))
        _ = try batch(other, scratch, out: out, shard: Shard(index: 1, count: 2))
        #expect(throws: MergeError.self) { try merger(out).run() }
        do {
            _ = try merger(out).merge()
        } catch let MergeError.manifestsDisagree(what, lines) {
            #expect(what == "the seed")
            #expect(lines.contains { $0.contains("1-of-2.json") && $0.contains("7") })
        }
        // Without the manifests, the reports themselves: the minority's are named.
        try FileManager.default.removeItem(atPath: out + "/" + ShardManifest.folderName)
        do {
            _ = try merger(out, classDirectory: scratch.classDirectory).merge()
            Issue.record("reports of two seeds were merged")
        } catch let MergeError.mixedReports(seed, _, foreign) {
            let seven = Scratch.students.map { StudentID($0.1) }.filter { Shard.index(of: $0, count: 2) == 1 }
            let majoritySeed = seven.count * 2 > Scratch.students.count ? UInt64(7) : configuration.seed
            #expect(seed == majoritySeed)
            #expect(foreign.count == Self.exercises.count * min(seven.count, Scratch.students.count - seven.count))
            #expect(foreign.allSatisfy { $0.seed != seed })
            #expect(
                MergeError.mixedReports(seed: seed, configuration: "", foreign: foreign).description.contains(
                    foreign[0].path))
        }
        #expect(classFiles(out).isEmpty)
    }

    @Test func shardsThatSawAnotherClassAreNotMerged() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let grader = try TestEnvironment.sharedGrader()
        let out = scratch.out("sharded")
        _ = try batch(grader, scratch, out: out, shard: Shard(index: 0, count: 2))
        // A student arrives before shard 1 starts: shard 1 lists one more student than shard 0.
        try FileManager.default.copyItem(
            atPath: TestEnvironment.example("alice"), toPath: scratch.classDirectory + "/late")
        _ = try batch(grader, scratch, out: out, shard: Shard(index: 1, count: 2))
        do {
            _ = try merger(out).merge()
            Issue.record("shards that listed two classes were merged")
        } catch let MergeError.manifestsDisagree(what, lines) {
            #expect(what == "the class")
            #expect(lines.count == 2)
        }
        // With the class folder as the truth: the late student is shard 1's, which graded them.
        #expect(Shard.index(of: StudentID("late"), count: 2) == 1)
        let listed = try merger(out, classDirectory: scratch.classDirectory).merge()
        #expect(listed.classReport.students.count == Scratch.students.count + 1)
        // Or shard 0 runs again (all up to date but its listing): the manifests agree again.
        _ = try batch(grader, scratch, out: out, shard: Shard(index: 0, count: 2))
        let merged = try merger(out).run()
        #expect(merged.classReport.students == listed.classReport.students)
    }

    @Test func aFolderWithoutManifestsMergesWithANote() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let out = scratch.out("one")
        _ = try batch(try TestEnvironment.sharedGrader(), scratch, out: out)
        let written = classFiles(out)
        for name in written.keys { try FileManager.default.removeItem(atPath: out + "/" + name) }
        let merged = try merger(out).run()
        #expect(merged.run == nil)
        #expect(merged.notes.count == 1 && merged.notes[0].contains("--class"))
        #expect(classFiles(out) == written)
    }

    @Test func aShardKilledMidwayIsNamed() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let grader = try TestEnvironment.sharedGrader()
        let out = scratch.out("sharded")
        _ = try batch(grader, scratch, out: out, shard: Shard(index: 0, count: 2))
        _ = try batch(grader, scratch, out: out, shard: Shard(index: 1, count: 2))
        // As if shard 1 had been killed after its first student: its manifest still says running.
        let path = out + "/" + ShardManifest.folderName + "/" + ShardManifest.fileName(index: 1, count: 2)
        var manifest = try ReportJSON.decode(
            ShardManifest.self, from: try #require(FileManager.default.contents(atPath: path)))
        manifest.status = .running
        try manifest.write(to: out)
        let victims = Scratch.students.map { StudentID($0.1) }.filter { Shard.index(of: $0, count: 2) == 1 }.sorted()
        try FileManager.default.removeItem(atPath: out + "/" + victims[victims.count - 1].folderName)
        do {
            _ = try merger(out).merge()
            Issue.record("a killed shard's class was merged")
        } catch let MergeError.missingReports(missing, notes) {
            #expect(missing.map(\.student) == [victims[victims.count - 1]])
            #expect(notes.count == 1 && notes[0].contains("never ended"))
        }
    }
}

/// A value shared by threads, behind a lock.
final class SendableBox<Value: Sendable>: @unchecked Sendable {
    private var stored: Value
    private let lock = NSLock()

    init(_ value: Value) { stored = value }

    var value: Value { lock.withLock { stored } }

    func update(_ body: (inout Value) -> Void) { lock.withLock { body(&stored) } }
}
