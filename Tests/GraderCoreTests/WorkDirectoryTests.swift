// Worker directories of a grader that was killed (SIGKILL leaves no chance to clean up) are removed
// by the next grader; those of a grader still running are not.

import Foundation
import GraderCore
import TestSupport
import Testing

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
}
