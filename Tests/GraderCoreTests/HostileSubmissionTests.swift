// Hostile submissions (issue 3): fixtures under Tests/Fixtures/hostile that trap, loop, hoard
// memory, fork, exit, flood every descriptor, forge the worker's frames, signal their parents,
// read secrets, reach for the network, or do not compile or match the API. Each is compiled and
// graded through the real compiler and sandboxed worker (TestEnvironment.sharedGrader(), 4 s
// limit). Every fixture breaks one class and keeps the other one of its file correct, so each test
// checks that the broken method gets its own verdict, that only it loses points, that no process
// outlives the grading and that the report stays small.

import Foundation
import GraderCore
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

// MARK: - The fixtures and what each should get

/// What one scored quantity of a hostile fixture should get.
struct HostileExpectation: Sendable {
    /// The quantity, e.g. `ReLU.backward`.
    var name: String
    /// Its verdict. `passed` means full marks; anything else means fewer points than the maximum.
    var status: MethodStatus
    /// Texts the verdict's message must contain (the runtime's message, the file, the member...).
    var messageContains: [String] = []
}

/// A fixture under `Tests/Fixtures/hostile` and the verdicts it should get.
struct HostileFixture: Sendable, CustomTestStringConvertible {
    /// The fixture's folder name.
    var name: String
    /// The exercise its one file is for.
    var exercise: ExerciseID
    /// The report's overall status.
    var reportStatus: ExerciseReport.Status = .graded
    /// Every scored quantity of the exercise, in report order.
    var methods: [HostileExpectation]

    var testDescription: String { name }

    /// The fixture's folder.
    var path: String { HostileFixture.directory + "/" + name }

    /// The folder holding every hostile fixture.
    static let directory = TestEnvironment.packageRoot + "/Tests/Fixtures/hostile"

    /// Activations.swift: Sigmoid's and ReLU's verdicts.
    static func activations(_ name: String, sigmoid: HostileExpectation? = nil, relu: HostileExpectation? = nil)
        -> HostileFixture
    {
        HostileFixture(
            name: name, exercise: .activationBackward,
            methods: [
                sigmoid ?? HostileExpectation(name: "Sigmoid.backward", status: .passed),
                relu ?? HostileExpectation(name: "ReLU.backward", status: .passed),
            ])
    }

    /// Losses.swift: SoftmaxWithLoss's and MeanSquaredError's verdicts.
    static func losses(_ name: String, softmax: HostileExpectation? = nil, mse: HostileExpectation? = nil)
        -> HostileFixture
    {
        HostileFixture(
            name: name, exercise: .lossBackward,
            methods: [
                softmax ?? HostileExpectation(name: "SoftmaxWithLoss.backward", status: .passed),
                mse ?? HostileExpectation(name: "MeanSquaredError.backward", status: .passed),
            ])
    }

    /// FullyConnected.swift: the same verdict for dx, dW and db.
    static func fullyConnected(_ name: String, status: MethodStatus, messageContains: [String] = []) -> HostileFixture {
        HostileFixture(
            name: name, exercise: .fcBackward,
            methods: ["FullyConnected.backward", "FullyConnected.dW", "FullyConnected.db"].map {
                HostileExpectation(name: $0, status: status, messageContains: messageContains)
            })
    }

    /// Every hostile fixture. The batch test checks that this list covers the folder.
    static let all: [HostileFixture] = [
        .activations(
            "trap-index-out-of-range",
            relu: HostileExpectation(
                name: "ReLU.backward", status: .crashed,
                messageContains: ["in backward: Swift runtime error at Activations.swift:35: Index out of range"])),
        // Issue 10: a trap inside the kit names the student's line that called it, and the members
        // read after the crash say they were never reached.
        HostileFixture(
            name: "trap-in-kit", exercise: .fcBackward,
            methods: [
                HostileExpectation(
                    name: "FullyConnected.backward", status: .crashed,
                    messageContains: ["in backward: Swift runtime error at FullyConnected.swift:25: cannot multiply"]),
                HostileExpectation(
                    name: "FullyConnected.dW", status: .crashed,
                    messageContains: ["never reached: backward crashed on case 0", "before dW was read"]),
                HostileExpectation(
                    name: "FullyConnected.db", status: .crashed,
                    messageContains: ["never reached: backward crashed on case 0", "before db was read"]),
            ]),
        .losses(
            "trap-force-unwrap",
            mse: HostileExpectation(
                name: "MeanSquaredError.backward", status: .crashed,
                messageContains: ["Unexpectedly found nil", "Losses.swift"])),
        .activations(
            "trap-fatal-error",
            sigmoid: HostileExpectation(
                name: "Sigmoid.backward", status: .crashed,
                messageContains: ["the gradient exploded, giving up", "Activations.swift"])),
        .activations("loop-busy", relu: HostileExpectation(name: "ReLU.backward", status: .timedOut)),
        .losses("loop-sleep", softmax: HostileExpectation(name: "SoftmaxWithLoss.backward", status: .timedOut)),
        .activations(
            "memory-unbounded",
            relu: HostileExpectation(name: "ReLU.backward", status: .memoryLimit, messageContains: ["allocate"])),
        .activations("fork-children"),
        .activations("exit-in-backward", relu: HostileExpectation(name: "ReLU.backward", status: .exitedWithoutResult)),
        .activations("flood-output", relu: HostileExpectation(name: "ReLU.backward", status: .wrongValues)),
        .activations(
            "flood-descriptors", relu: HostileExpectation(name: "ReLU.backward", status: .protocolViolation)),
        .fullyConnected("forged-hello", status: .protocolViolation, messageContains: ["hello"]),
        .activations("kill-parent"),
        .activations("read-secrets"),
        .activations("network"),
        HostileFixture(
            name: "compile-error", exercise: .activationBackward, reportStatus: .compileError,
            methods: [
                HostileExpectation(
                    name: "Sigmoid.backward", status: .compileError, messageContains: ["Activations.swift"]),
                HostileExpectation(
                    name: "ReLU.backward", status: .compileError, messageContains: ["Activations.swift"]),
            ]),
        .activations(
            "missing-class",
            relu: HostileExpectation(name: "ReLU.backward", status: .missingMember, messageContains: ["class ReLU"])),
        .activations(
            "wrong-signature-label",
            relu: HostileExpectation(
                name: "ReLU.backward", status: .missingMember,
                messageContains: ["ReLU", "func backward(_ dout: Tensor) -> Tensor"])),
        .losses(
            "wrong-signature-forward",
            softmax: HostileExpectation(
                name: "SoftmaxWithLoss.backward", status: .missingMember,
                messageContains: ["SoftmaxWithLoss", "func forward(_ x: Tensor, _ t: [Int]) -> Double"])),
        // `var dW: Tensor` (not optional) converts to the `Tensor?` the grader reads: accepted.
        .fullyConnected("nonoptional-gradients", status: .passed),
        // Issue 9: sockets of the host, disk, forged frames, sizes, the glue, the terminal, links.
        .activations("unix-socket"),
        .activations("disk-fill"),
        .activations(
            "forged-nan-time",
            relu: HostileExpectation(name: "ReLU.backward", status: .protocolViolation, messageContains: ["time"])),
        .activations(
            "forged-index",
            relu: HostileExpectation(name: "ReLU.backward", status: .protocolViolation, messageContains: ["4000000000"])
        ),
        .activations(
            "forged-huge-message",
            relu: HostileExpectation(name: "ReLU.backward", status: .protocolViolation, messageContains: ["bytes"])),
        .activations(
            "huge-output",
            relu: HostileExpectation(name: "ReLU.backward", status: .wrongShape, messageContains: ["[8000000]"])),
        .compileFailure("abi-symbol-clash", messageContains: ["bpg_abi_version"]),
        .compileFailure("source-location", messageContains: ["cannot convert"]),
        .compileFailure("typecheck-bomb", messageContains: ["Activations.swift:29", "unable to type-check"]),
        .activations(
            "escape-output",
            relu: HostileExpectation(
                name: "ReLU.backward", status: .crashed, messageContains: ["boom", "Activations.swift"])),
        .refused("symlink-reference", messageContains: ["symbolic link"]),
        .refused("symlink-environ", messageContains: ["symbolic link", "/proc/self/environ"]),
    ]

    /// Activations.swift that does not compile: both classes compileError.
    static func compileFailure(_ name: String, messageContains: [String]) -> HostileFixture {
        HostileFixture(
            name: name, exercise: .activationBackward, reportStatus: .compileError,
            methods: ["Sigmoid.backward", "ReLU.backward"].map {
                HostileExpectation(name: $0, status: .compileError, messageContains: messageContains)
            })
    }

    /// Activations.swift that is not graded at all (a link): both classes rejectedFile.
    static func refused(_ name: String, messageContains: [String]) -> HostileFixture {
        HostileFixture(
            name: name, exercise: .activationBackward, reportStatus: .rejectedFile,
            methods: ["Sigmoid.backward", "ReLU.backward"].map {
                HostileExpectation(name: $0, status: .rejectedFile, messageContains: messageContains)
            })
    }

    /// The fixture named `name`.
    static func named(_ name: String) throws -> HostileFixture {
        try #require(all.first { $0.name == name }, "no hostile fixture named \(name)")
    }
}

// MARK: - Processes left behind

/// A process as the host's /proc shows it.
struct HostProcess: CustomStringConvertible {
    var pid: Int32
    var parent: Int32
    /// The short name (`comm`), which the fork fixture's children set to `bpg-hostile-fk`.
    var name: String
    var arguments: [String]
    /// The executable's path, or "" when it cannot be read.
    var executable: String

    var description: String {
        "pid \(pid) (parent \(parent), \(name)): \(arguments.joined(separator: " "))"
    }
}

/// Looks for processes a graded submission could have left behind.
enum ProcessTable {
    /// Every process on the host.
    static func snapshot() -> [HostProcess] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
        return names.compactMap { Int32($0) }.compactMap(process)
    }

    /// One process, or nil when it is gone.
    static func process(_ pid: Int32) -> HostProcess? {
        let base = "/proc/\(pid)"
        guard let stat = readText(base + "/stat"), let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 1, let parent = Int32(fields[1]) else { return nil }
        let name = (readText(base + "/comm") ?? "").trimmingCharacters(in: .newlines)
        let arguments = (readBytes(base + "/cmdline") ?? []).split(separator: 0).map {
            String(decoding: $0, as: UTF8.self)
        }
        return HostProcess(
            pid: pid, parent: parent, name: name, arguments: arguments, executable: resolved(base + "/exe"))
    }

    /// The suspects: the fork fixture's marked children and its `sleep 987654`, the worker binary
    /// in worker mode (workers and their forked children), and forked copies of this test process
    /// (the workers' reapers).
    ///
    /// A process below a `grader` command (one the command-line tests started, running in this
    /// same test process at the same time) is not a suspect: it belongs to that command, whose
    /// own tests check what it leaves behind, and it may rightly run longer than any patience
    /// here (a killed run's worker waits for its time limit).
    static func suspects() -> [HostProcess] {
        let me = getpid()
        let testExecutable = resolved("/proc/self/exe")
        let worker = resolved(TestEnvironment.graderBinary)
        let table = snapshot()
        let byPID = Dictionary(table.map { ($0.pid, $0) }, uniquingKeysWith: { first, _ in first })
        func isGraderCommand(_ process: HostProcess) -> Bool {
            !worker.isEmpty && process.executable == worker && process.arguments.last != "__worker"
        }
        func belongsToAGraderCommand(_ process: HostProcess) -> Bool {
            var seen: Set<Int32> = [process.pid]
            var parent = byPID[process.parent]
            while let current = parent, current.pid != me, seen.insert(current.pid).inserted {
                if isGraderCommand(current) { return true }
                parent = byPID[current.parent]
            }
            return false
        }
        return table.filter { process in
            let suspect =
                process.name.hasPrefix("bpg-hostile") || process.arguments.contains("987654")
                || (!worker.isEmpty && process.executable == worker && process.arguments.last == "__worker")
                || (process.parent == me && process.executable == testExecutable)
            return suspect && !belongsToAGraderCommand(process)
        }
    }

    /// The suspects still alive once grading is over. Other suites (or the command-line tests) may
    /// be grading at the same time; their workers are gone within their time limit, so a suspect
    /// counts only if it is still there after that. A clean run returns at once: there are none.
    static func leftovers() -> [HostProcess] {
        var found = suspects()
        let patience = Date().addingTimeInterval(30)
        while !found.isEmpty && Date() < patience {
            usleep(100_000)
            found = suspects()
        }
        return found
    }

    /// What `path` (a symbolic link like /proc/N/exe) points to, or "".
    static func resolved(_ path: String) -> String {
        if path.hasPrefix("/proc/") {
            guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: path) else { return "" }
            return target.hasSuffix(" (deleted)") ? String(target.dropLast(10)) : target
        }
        return URL(fileURLWithPath: path).resolvingSymlinksInPath().path
    }

    /// A whole file, read until its end (/proc files report a size of 0).
    static func readBytes(_ path: String) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            bytes += chunk[0..<count]
        }
        return bytes
    }

    static func readText(_ path: String) -> String? {
        readBytes(path).map { String(decoding: $0, as: UTF8.self) }
    }
}

// MARK: - Listeners for the network fixture

/// A listening socket in the grader's own network namespace, which the network fixture tries to
/// reach; `wasReached` says whether a connection is waiting.
final class Listener {
    let descriptor: Int32
    /// The socket file of a pathname socket, removed when done.
    var socketPath: String?

    /// TCP on 127.0.0.1:`port`; nil when the port is taken.
    init?(loopbackPort port: UInt16) {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { return nil }
        var yes: Int32 = 1
        _ = setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(descriptor, 16) == 0 else {
            Glibc.close(descriptor)
            return nil
        }
        _ = fcntl(descriptor, F_SETFL, O_NONBLOCK)
    }

    /// A pathname Unix socket at `path` that anyone may connect to (mode 0777), like a tmux
    /// server's or an ssh agent's; nil when it cannot be made. The file is removed when done.
    init?(socketPath path: String) {
        unlink(path)
        descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { return nil }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in bytes.enumerated() { raw[index] = byte }
        }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + bytes.count + 1)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
        }
        guard bound == 0, chmod(path, 0o777) == 0, listen(descriptor, 16) == 0 else {
            Glibc.close(descriptor)
            return nil
        }
        socketPath = path
        _ = fcntl(descriptor, F_SETFL, O_NONBLOCK)
    }

    /// The abstract Unix socket `@name`; nil when it is taken.
    init?(abstractName name: String) {
        descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { return nil }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = [UInt8(0)] + Array(name.utf8)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in bytes.enumerated() { raw[index] = byte }
        }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + bytes.count)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
        }
        guard bound == 0, listen(descriptor, 16) == 0 else {
            Glibc.close(descriptor)
            return nil
        }
        _ = fcntl(descriptor, F_SETFL, O_NONBLOCK)
    }

    /// Whether someone connected.
    var wasReached: Bool {
        let connection = accept(descriptor, nil, nil)
        guard connection >= 0 else { return false }
        Glibc.close(connection)
        return true
    }

    deinit {
        Glibc.close(descriptor)
        if let socketPath { unlink(socketPath) }
    }
}

// MARK: - Helpers

/// Grades a hostile fixture (or any folder) with the shared grader.
func grade(_ path: String, _ exercise: ExerciseID) throws -> ExerciseReport {
    try TestEnvironment.sharedGrader().grade(path: path, exercise: exercise)
}

/// The report as JSON, the way the CLI and batch write it.
func encodedSize(_ report: ExerciseReport) throws -> Int {
    try JSONEncoder().encode(report).count
}

/// The largest report, in bytes of JSON, that a submission may produce.
let reportLimit = 300 * 1024

/// The result for quantity `name`.
private func method(_ report: ExerciseReport, _ name: String) throws -> MethodResult {
    try #require(
        report.methods.first { $0.name.rawValue == name }, "no result for \(name) in \(report.methods.map(\.name))")
}

/// Checks that nothing a graded submission started is still running.
func expectNoLeftovers(after fixture: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let leftovers = ProcessTable.leftovers()
    #expect(
        leftovers.isEmpty,
        "processes outlived the grading of \(fixture): \(leftovers.map(\.description).joined(separator: "; "))",
        sourceLocation: sourceLocation)
}

/// Distinctive lines of a file a submission must not be able to read (long enough not to be
/// printed by accident).
func distinctiveLines(of path: String) -> [String] {
    guard let text = ProcessTable.readText(path) else { return [] }
    return text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { $0.count >= 24 }
}

// MARK: - Tests

@Suite("Hostile submissions are contained and get their own verdicts", .serialized)
struct HostileSubmissionTests {
    @Test(
        "each hostile fixture gets its verdict, only its broken method loses points, nothing outlives it",
        arguments: HostileFixture.all)
    func verdicts(_ fixture: HostileFixture) throws {
        let report = try grade(fixture.path, fixture.exercise)
        #expect(report.status == fixture.reportStatus, "\(report.diagnostics ?? "")")
        #expect(report.methods.map(\.name.rawValue) == fixture.methods.map(\.name))
        for expected in fixture.methods {
            let result = try method(report, expected.name)
            #expect(result.status == expected.status, "\(expected.name): \(result.message)")
            if expected.status == .passed {
                #expect(result.score == result.maxScore, "\(expected.name) lost points: \(result.message)")
            } else {
                #expect(result.score < result.maxScore, "\(expected.name) kept every point: \(result.message)")
            }
            for text in expected.messageContains {
                #expect(result.message.contains(text), "\(expected.name): \"\(text)\" not in \(result.message)")
            }
        }
        #expect(try encodedSize(report) < reportLimit)
        expectNoLeftovers(after: fixture.name)
    }

    @Test("the fork fixture really starts children, the process limit stops it, and none survive")
    func forkedChildrenDie() throws {
        let fixture = try HostileFixture.named("fork-children")
        let report = try grade(fixture.path, fixture.exercise)
        let output = try #require(report.output, "the fixture printed nothing")
        let line = try #require(output.split(separator: "\n").first { $0.hasPrefix("forked ") }, "\(output)")
        let numbers = line.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        let forked = try #require(numbers.first)
        #expect(forked > 0, "\(line)")
        if report.sandbox.contains(.unprivilegedUser) {
            // RLIMIT_NPROC holds: 64 forks are asked for, at most the limit succeed.
            #expect(forked < 64, "\(line)")
        }
        #expect(report.methods.allSatisfy { $0.status == .passed })
        expectNoLeftovers(after: fixture.name)
    }

    @Test("flooding every output does not raise the score: the wrong ReLU scores what its quiet twin scores")
    func floodDoesNotRaiseTheScore() throws {
        let fixture = try HostileFixture.named("flood-output")
        let loud = try grade(fixture.path, fixture.exercise)
        let quiet = try grade(TestEnvironment.fixture("mistake-relu-inverted-mask"), .activationBackward)
        #expect(try method(loud, "ReLU.backward").score == method(quiet, "ReLU.backward").score)
        #expect(try method(loud, "ReLU.backward").status == method(quiet, "ReLU.backward").status)
        #expect(try method(loud, "Sigmoid.backward").score == method(loud, "Sigmoid.backward").maxScore)
        #expect(loud.score == quiet.score)
        let output = try #require(loud.output)
        #expect(output.contains("bytes of output dropped"))
        #expect(!output.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" && $0 != "\t" })
        #expect(try encodedSize(loud) < reportLimit)
    }

    @Test("forged frames on the grader's channel are a protocol violation, never points or a forged sandbox list")
    func forgedFrames() throws {
        let descriptors = try HostileFixture.named("flood-descriptors")
        let flooded = try grade(descriptors.path, descriptors.exercise)
        let relu = try method(flooded, "ReLU.backward")
        #expect(relu.status == .protocolViolation, "\(relu.message)")
        #expect(relu.score == 0)
        #expect(try encodedSize(flooded) < reportLimit)

        let hello = try HostileFixture.named("forged-hello")
        let forged = try grade(hello.path, hello.exercise)
        let honest = try grade(HostileFixture.named("nonoptional-gradients").path, .fcBackward)
        #expect(forged.methods.allSatisfy { $0.status == .protocolViolation })
        #expect(forged.sandbox == honest.sandbox, "the forged hello changed the sandbox list")
    }

    @Test("files outside the sandbox cannot be read: nothing of them reaches the output or the gradients")
    func secretsStayUnread() throws {
        let fixture = try HostileFixture.named("read-secrets")
        let report = try grade(fixture.path, fixture.exercise)
        let output = report.output ?? ""
        #expect(output.contains("DENIED"), "the fixture did not run its reads: \(output)")
        #expect(!output.contains("READ /"), "\(output)")
        // Had anything been read, ReLU would have returned it instead of the gradient.
        #expect(report.methods.allSatisfy { $0.status == .passed })

        let root = TestEnvironment.packageRoot
        var secrets: [String] = []
        for file in [
            root + "/grader.json", root + "/ReferenceSolutions/Activations.swift",
            root + "/ReferenceSolutions/Losses.swift",
            root + "/Tests/Fixtures/hostile/trap-fatal-error/Activations.swift", "/etc/shadow",
        ] {
            secrets += distinctiveLines(of: file)
        }
        // The grader's (this process's) environment and command line, which pid 1 of the sandbox
        // (the reaper, a copy of the grader) carries.
        let workerKeys: Set = ["PATH", "HOME", "TMPDIR", "LANG", "SWIFT_BACKTRACE"]
        for (key, value) in ProcessInfo.processInfo.environment where !workerKeys.contains(key) && value.count >= 6 {
            secrets.append("\(key)=\(value)")
        }
        secrets += (ProcessTable.process(getpid())?.arguments ?? []).filter { $0.count >= 12 }
        let leaked = secrets.filter { output.contains($0) }
        #expect(leaked.isEmpty, "leaked into the output: \(leaked)")
    }

    @Test("the network cannot be reached, not even the grader's loopback or abstract sockets")
    func networkIsUnreachable() throws {
        let tcp = Listener(loopbackPort: 47613)
        let unix = Listener(abstractName: "bpg-hostile-probe")
        let fixture = try HostileFixture.named("network")
        let report = try grade(fixture.path, fixture.exercise)
        let output = report.output ?? ""
        #expect(output.split(separator: "\n").filter { $0.contains("refused") }.count == 5, "\(output)")
        #expect(!output.contains("CONNECTED"), "\(output)")
        #expect(tcp?.wasReached != true)
        #expect(unix?.wasReached != true)
        #expect(report.methods.allSatisfy { $0.status == .passed })
    }

    @Test("killing the parent, pid 1 or everyone leaves the grader grading")
    func killersDoNotStopTheGrader() throws {
        let fixture = try HostileFixture.named("kill-parent")
        let report = try grade(fixture.path, fixture.exercise)
        #expect(report.output?.contains("kill(everyone") == true, "the fixture did not send its signals")
        #expect(report.methods.allSatisfy { $0.status == .passed })
        // The same grader grades on.
        let next = try grade(TestEnvironment.example("alice"), .activationBackward)
        #expect(next.score == next.maxScore)
    }

    @Test("a compile error names the student's file and line, and none of the grader's glue")
    func compileErrorDiagnostics() throws {
        let fixture = try HostileFixture.named("compile-error")
        let source = try #require(ProcessTable.readText(fixture.path + "/Activations.swift"))
        let lineIndex = try #require(
            source.split(separator: "\n", omittingEmptySubsequences: false).firstIndex {
                $0.contains("bpg-hostile: the compile error")
            })
        let report = try grade(fixture.path, fixture.exercise)
        #expect(report.status == .compileError)
        let diagnostics = try #require(report.diagnostics)
        #expect(diagnostics.contains("Activations.swift:\(lineIndex + 1):"), "\(diagnostics)")
        for glue in ["BPGGlue", "BPGWire", "grader-cache", "__bpg"] {
            #expect(!diagnostics.contains(glue), "\(glue) in \(diagnostics)")
        }
        #expect(report.score == 0)
    }

    @Test("a batch of every hostile fixture, graded in turn by one grader, gives a report for each")
    func batchOfEveryFixture() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: HostileFixture.directory)
            .filter { !$0.hasPrefix(".") }.sorted()
        #expect(Set(names) == Set(HostileFixture.all.map(\.name)), "fixtures without expectations, or the reverse")
        var reports: [String: ExerciseReport] = [:]
        for name in names {
            let folder = HostileFixture.directory + "/" + name
            let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".swift") }
            let exercise = try #require(ExerciseID.allCases.first { files.contains($0.fileName) }, "\(name): \(files)")
            reports[name] = try grade(folder, exercise)
        }
        #expect(reports.count == names.count)
        for (name, report) in reports {
            #expect(report.methods.map(\.name.rawValue) == report.exercise.quantities.map(\.rawValue), "\(name)")
            #expect(try encodedSize(report) < reportLimit, "\(name)")
            let expected = try HostileFixture.named(name)
            #expect(report.methods.map(\.status) == expected.methods.map(\.status), "\(name)")
        }
        expectNoLeftovers(after: "the batch")
    }
}
