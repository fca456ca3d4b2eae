// Worker directories of a grader that was killed (SIGKILL leaves no chance to clean up) are removed
// by the next grader; those of a grader still running are not.

import Foundation
import TestSupport
import Testing

@testable import GraderCore

@Suite("Worker directories")
struct WorkDirectoryTests {
    /// The pid of a process that has exited (a short-lived `true`).
    func deadPID() throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }

    @Test func staleDirectoriesOfDeadGradersAreRemovedAndLiveOnesKept() throws {
        let temporary = NSTemporaryDirectory()
        let dead = temporary + "/bpg-worker-\(try deadPID())-testAB"
        let live = temporary + "/bpg-worker-\(getppid())-testCD"
        for path in [dead, live] {
            try FileManager.default.createDirectory(atPath: path + "/inner", withIntermediateDirectories: true)
        }
        defer { try? FileManager.default.removeItem(atPath: live) }
        SandboxFolder.removeStale()
        #expect(!FileManager.default.fileExists(atPath: dead))
        #expect(FileManager.default.fileExists(atPath: live + "/inner"))
    }

    @Test func theSweepWaitsForTheFirstFolderAndRunsOnce() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let first = scratch.path + "/bpg-compile-\(try deadPID())-testEF"
        try FileManager.default.createDirectory(atPath: first + "/inner", withIntermediateDirectories: true)
        let sweep = StaleSweep()
        sweep.arm([scratch.path])
        #expect(FileManager.default.fileExists(atPath: first), "armed, not yet swept")
        sweep.runOnce()
        #expect(!FileManager.default.fileExists(atPath: first))
        // Once: a folder of another dead grader that appears later stays until the next process.
        let second = scratch.path + "/bpg-worker-\(try deadPID())-testGH"
        try FileManager.default.createDirectory(atPath: second, withIntermediateDirectories: true)
        sweep.runOnce()
        #expect(FileManager.default.fileExists(atPath: second))
    }
}
