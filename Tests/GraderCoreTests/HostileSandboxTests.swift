// Issue 9: what a red team got through, closed. UNIX sockets of the host (a tmux server's, an ssh
// agent's) are out of reach; nothing is read through a link; a submission cannot fill the disk or
// leave files behind; the same holds without namespaces, where limits, Landlock and seccomp
// remain. Each test grades through the real compiler and sandbox.

import Foundation
import GraderCore
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite("Hostile at every stage: sockets, files, disk, with and without namespaces", .serialized)
struct HostileSandboxTests {
    /// The graders to try: with namespaces (a minimal root) and without (the fallback).
    static let modes = ["namespaces", "no namespaces"]

    func grader(_ mode: String) throws -> Grader {
        mode == "namespaces" ? try TestEnvironment.sharedGrader() : try TestEnvironment.sharedGraderWithoutNamespaces()
    }

    @Test("no UNIX socket of the host can be reached: not a world-writable one, not an abstract one", arguments: modes)
    func unixSocketsOfTheHostAreUnreachable(_ mode: String) throws {
        let pathname = Listener(socketPath: "/tmp/bpg-hostile-unix.sock")
        let abstract = Listener(abstractName: "bpg-hostile-probe")
        #expect(pathname != nil, "the test could not listen on /tmp/bpg-hostile-unix.sock")
        let fixture = try HostileFixture.named("unix-socket")
        let report = try grader(mode).grade(path: fixture.path, exercise: fixture.exercise)
        let output = report.output ?? ""
        #expect(output.contains("/tmp/bpg-hostile-unix.sock: socket refused"), "\(output)")
        #expect(!output.contains("CONNECTED"), "\(output)")
        #expect(pathname?.wasReached != true)
        #expect(abstract?.wasReached != true)
        #expect(report.methods.allSatisfy { $0.status == .passed }, "\(report.methods.map(\.message))")
        #expect(report.sandbox.contains(.seccomp))
    }

    @Test("files outside the sandbox stay unread without namespaces too")
    func secretsStayUnreadWithoutNamespaces() throws {
        let fixture = try HostileFixture.named("read-secrets")
        let report = try grader("no namespaces").grade(path: fixture.path, exercise: fixture.exercise)
        let output = report.output ?? ""
        #expect(output.contains("DENIED"), "the fixture did not run its reads: \(output)")
        #expect(!output.contains("READ /"), "\(output)")
        #expect(report.methods.allSatisfy { $0.status == .passed })
        var secrets = distinctiveLines(of: TestEnvironment.packageRoot + "/ReferenceSolutions/Activations.swift")
        for (key, value) in ProcessInfo.processInfo.environment where value.count >= 8 {
            secrets.append("\(key)=\(value)")
        }
        secrets += (ProcessTable.process(getpid())?.arguments ?? []).filter { $0.count >= 12 }
        #expect(secrets.filter { output.contains($0) }.isEmpty)
        #expect(!report.sandbox.contains(.pidNamespace), "namespaces were asked to be off")
        #expect(report.sandbox.contains(.landlockFiles))
    }

    @Test(
        "a submission that fills its disk leaves nothing behind, and the next student grades normally", arguments: modes
    )
    func diskFillIsBoundedAndCleanedUp(_ mode: String) throws {
        let grader = try grader(mode)
        let fixture = try HostileFixture.named("disk-fill")
        let report = try grader.grade(path: fixture.path, exercise: fixture.exercise)
        #expect(report.methods.allSatisfy { $0.status == .passed }, "\(report.methods.map(\.message))")
        let output = report.output ?? ""
        if mode == "namespaces" {
            // Its folder is a 16 MB tmpfs: the big file stops there, the files at the inode limit.
            #expect(report.sandbox.contains(.privateTemporary))
            #expect(output.contains("/bpg-work: 16 MB in one file") || output.contains("/bpg-work: 15 MB"), "\(output)")
        } else {
            // No writable folder at all without a minimal root.
            #expect(output.contains("0 MB in one file, 0 files"), "\(output)")
        }
        #expect(try leftovers().isEmpty, "the worker's files outlived it")
        let next = try grader.grade(path: TestEnvironment.example("alice"), exercise: .activationBackward)
        #expect(next.score == next.maxScore)
    }

    @Test("a link in place of the file is refused, wherever it points, and nothing it points to is read")
    func linksAreRefusedAndNotRead() throws {
        for name in ["symlink-reference", "symlink-environ"] {
            let fixture = try HostileFixture.named(name)
            let report = try grade(fixture.path, fixture.exercise)
            #expect(report.status == .rejectedFile)
            #expect(report.score == .zero)
            let text = String(decoding: try JSONEncoder().encode(report), as: UTF8.self)
            // Nothing of the reference (10/10 with no code) or of the environment (tokens) is in it.
            #expect(!text.contains("dout * (1.0 - y) * y") && !text.contains("PATH="), "\(name): \(text)")
        }
    }

    @Test("escapes the compiler quotes from a student's line reach the report as U+FFFD, never raw")
    func escapesInDiagnostics() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let folder = try HostileSources.write(
            HostileSources.escapeDiagnostics, as: "Activations.swift", in: scratch.path, folder: "escape-diagnostics")
        let report = try grade(folder, .activationBackward)
        #expect(report.status == .compileError)
        let diagnostics = try #require(report.diagnostics)
        #expect(diagnostics.contains("Activations.swift:29"), "\(diagnostics)")
        #expect(!diagnostics.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 })
        #expect(diagnostics.contains("\u{FFFD}]0;pwned"))
    }

    /// The files disk-fill makes, wherever they are in this process's sandbox folders on the host
    /// (other suites grade at the same time, so the folders themselves come and go).
    func leftovers() throws -> [String] {
        let temporary = NSTemporaryDirectory()
        let folders = try FileManager.default.contentsOfDirectory(atPath: temporary)
            .filter { $0.hasPrefix("bpg-worker-\(getpid())-") || $0.hasPrefix("bpg-compile-\(getpid())-") }
        var found: [String] = []
        for folder in folders {
            let work = temporary + "/" + folder + "/work"
            for name in (try? FileManager.default.contentsOfDirectory(atPath: work)) ?? []
            where name == "big.bin" || name == "f0" || name == "d" {
                found.append(folder + "/work/" + name)
            }
        }
        return found.sorted()
    }
}
