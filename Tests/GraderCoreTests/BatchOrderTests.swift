// Issue 15: a batch starts its heaviest students first (the bytes of their files), so that it does
// not end with one job grading a slow student while the others have nothing left. Pure, and then
// a batch whose reports and class files come out in the class's order whatever the start order.

import Foundation
import Synchronization
import Testing

@testable import GraderCore

@Suite("The order a batch starts its students in")
struct BatchOrderTests {
    /// A batch of `scratch`'s `class` folder into its `out`, one job at a time, with a compiler and
    /// a launcher that only count.
    static func batch(_ scratch: Scratch, exercises: [ExerciseID]) throws -> BatchGrader {
        let grader = Grader(
            configuration: try TestEnvironment.configuration(), compiler: CountingCompiler(),
            launcher: CountingLauncher())
        return BatchGrader(
            grader: grader,
            options: BatchGrader.Options(
                directory: scratch.path + "/class", outputDirectory: scratch.path + "/out", exercises: exercises,
                jobs: 1, resume: false))
    }

    @Test("heaviest first, ties in the listed order, every student once")
    func order() {
        #expect(BatchGrader.dispatchOrder(weights: []) == [])
        #expect(BatchGrader.dispatchOrder(weights: [5]) == [0])
        #expect(BatchGrader.dispatchOrder(weights: [10, 30, 20, 30, 0]) == [1, 3, 2, 0, 4])
        let weights = (0..<500).map { ($0 * 7919) % 61 }
        let order = BatchGrader.dispatchOrder(weights: weights)
        #expect(order.sorted() == Array(weights.indices))
        #expect(zip(order, order.dropFirst()).allSatisfy { weights[$0] >= weights[$1] })
    }

    @Test("a student's weight is the bytes of the exercise files in the folder; links and absent files weigh 0")
    func weights() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let alice = try scratch.copy("FullyConnected.swift", of: "alice", to: "class/alice")
        _ = try scratch.copy("Activations.swift", of: "alice", to: "class/alice")
        let bob = try scratch.copy("FullyConnected.swift", of: "bob", to: "class/bob")
        try FileManager.default.createSymbolicLink(
            atPath: bob + "/Activations.swift", withDestinationPath: alice + "/Activations.swift")
        let batch = try Self.batch(scratch, exercises: [.fcBackward, .activationBackward])
        func size(_ path: String) throws -> Int {
            try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        }
        #expect(
            batch.weight(of: StudentID("alice"), kind: .folder)
                == (try size(alice + "/FullyConnected.swift")) + (try size(alice + "/Activations.swift")))
        #expect(batch.weight(of: StudentID("bob"), kind: .folder) == (try size(bob + "/FullyConnected.swift")))
        #expect(batch.weight(of: StudentID("nobody"), kind: .folder) == 0)
        #expect(batch.weight(of: StudentID("alice"), kind: .invalidName) == 0)
    }

    @Test("started heaviest first, the class files still list the students in the class's order")
    func classFilesKeepTheClassOrder() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        // bob's loops weigh more than alice's operations; carol has nothing to grade.
        _ = try scratch.copy("FullyConnected.swift", of: "alice", to: "class/a-alice")
        _ = try scratch.copy("FullyConnected.swift", of: "bob", to: "class/b-bob")
        try FileManager.default.createDirectory(
            atPath: scratch.path + "/class/c-carol", withIntermediateDirectories: true)
        let batch = try Self.batch(scratch, exercises: [.fcBackward])
        let started = Mutex<[String]>([])
        let result = try batch.run(events: { event in
            if case .started(let student) = event { started.withLock { $0.append(student.name) } }
        })
        #expect(started.withLock { $0 } == ["b-bob", "a-alice", "c-carol"])
        #expect(result.students.map(\.name) == ["a-alice", "b-bob", "c-carol"])
        let csv = try String(contentsOfFile: scratch.path + "/out/grades.csv", encoding: .utf8)
        let names = csv.split(separator: "\r\n").dropFirst().compactMap { $0.split(separator: ",").first }
        #expect(names.map(String.init) == ["a-alice", "b-bob", "c-carol"])
    }
}
