// Issue 9: the compile stage gets the worker's treatment. A file the compiler would chew on for
// long is stopped at the compile time limit, one that needs more memory than the compile memory
// limit at that; both are the student's verdict, neither is cached (a re-grade compiles again),
// and the next student compiles as usual. A type-checker bomb is a compile error at its line (the
// hostile fixture typecheck-bomb).

import Foundation
import GraderCore
import TestSupport
import Testing

@Suite("The compile stage has limits", .serialized)
struct CompileLimitsTests {
    /// A grader whose compiles may take `seconds` and `megabytes`.
    func grader(seconds: Double, megabytes: Int) throws -> Grader {
        var configuration = try TestEnvironment.configuration()
        configuration.compileTimeLimitSeconds = seconds
        configuration.compileMemoryLimitMB = megabytes
        return try Grader.make(
            configuration: configuration, exercises: [.activationBackward], timeLimitSeconds: 4,
            workerExecutable: TestEnvironment.graderBinary, home: GraderHome(root: TestEnvironment.packageRoot))
    }

    /// A correct Activations.swift with a typed literal of 110,000 numbers (about 216 KiB, under the
    /// size cap): about ten seconds and more than a gigabyte of compiling.
    func heavySubmission(in scratch: Scratch) throws -> String {
        let folder = try scratch.copy("Activations.swift", of: "alice", to: "heavy")
        let table = (0..<110_000).map { String($0 % 10) }.joined(separator: ",")
        let handle = try #require(FileHandle(forWritingAtPath: folder + "/Activations.swift"))
        handle.seekToEndOfFile()
        handle.write(Data("\nlet table: [Double] = [\(table)]\n".utf8))
        handle.closeFile()
        return folder
    }

    @Test("past the compile time limit: compileTimedOut, not cached, and the next student compiles")
    func compileTimeLimit() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let folder = try heavySubmission(in: scratch)
        let grader = try grader(seconds: 3, megabytes: 4096)
        let started = Date()
        let report = try grader.grade(path: folder, exercise: .activationBackward)
        #expect(Date().timeIntervalSince(started) < 30, "the limit did not stop the compiler")
        #expect(report.status == .compileTimedOut)
        #expect(report.methods.allSatisfy { $0.status == .compileTimedOut && $0.message.contains("3 s") })
        #expect(report.score == .zero)
        let again = try grader.grade(path: folder, exercise: .activationBackward)
        #expect(again.status == .compileTimedOut)
        #expect(!again.timings.cachedPlugin, "a timeout was cached")
        let next = try grader.grade(path: TestEnvironment.example("bob"), exercise: .activationBackward)
        #expect(next.score == next.maxScore)
    }

    @Test("past the compile memory limit: compileMemoryLimit, and the next student compiles")
    func compileMemoryLimit() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let folder = try heavySubmission(in: scratch)
        let grader = try grader(seconds: 120, megabytes: 1024)
        let report = try grader.grade(path: folder, exercise: .activationBackward)
        #expect(report.status == .compileMemoryLimit, "\(report.methods.map(\.message))")
        #expect(report.methods.allSatisfy { $0.message.contains("1024 MB") })
        let next = try grader.grade(path: TestEnvironment.example("carol"), exercise: .activationBackward)
        #expect(next.score == next.maxScore)
    }
}
