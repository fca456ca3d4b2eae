// Issue 15: code that looks as if it runs on one thread only is compiled with non-atomic reference
// counting (-assume-single-threaded), which halves the time of unoptimised loops over `scalars`;
// anything that names a way to another thread keeps atomic counting. The sandbox enforces the
// guess: a class of a single-threaded plugin that starts a thread anyway is killed with SIGSYS, and
// graded again with atomic counting. Pure checks, then submissions graded: one that runs its loop
// on several threads, one that reaches a thread through Foundation without naming one.

import Foundation
import TestSupport
import Testing

@testable import GraderCore

@Suite("Single-threaded code, and code that is not")
struct SingleThreadedSourceTests {
    static func single(_ text: String) -> Bool { SingleThreadedSource.isSingleThreaded(Array(text.utf8)) }

    /// A fully-connected layer whose forward uses the Tensor operations and whose backward is
    /// `backward` (the body after `guard let x`), importing `imports` and ExerciseKit.
    static func fullyConnected(imports: [String], backward: String) -> String {
        let body = backward.split(separator: "\n", omittingEmptySubsequences: false).map { "        " + $0 }
        return imports.map { "import \($0)\n" }.joined() + """
            import ExerciseKit

            final class FullyConnected {
                let W: Tensor
                let b: Tensor
                var dW: Tensor?
                var db: Tensor?
                var x: Tensor?
                var shape: [Int] = []

                init(W: Tensor, b: Tensor) {
                    self.W = W
                    self.b = b
                }

                func forward(_ x: Tensor) -> Tensor {
                    shape = x.shape
                    let flat = x.flattenedBatch()
                    self.x = flat
                    return flat.matmul(W) + b
                }

                func backward(_ dout: Tensor) -> Tensor {
                    guard let x else { fatalError("backward before forward") }

            """ + body.joined(separator: "\n") + "\n    }\n}\n"
    }

    @Test("the sample students' files: bob's loops and alice's operations are single-threaded")
    func samples() throws {
        for student in ["alice", "bob", "carol"] {
            let bytes = try #require(
                FileManager.default.contents(atPath: TestEnvironment.example(student) + "/FullyConnected.swift"))
            #expect(SingleThreadedSource.isSingleThreaded(Array(bytes)), "\(student)")
        }
        // bob's other two files import Foundation, for exp and log.
        for file in ["Activations.swift", "Losses.swift"] {
            let bytes = try #require(FileManager.default.contents(atPath: TestEnvironment.example("bob") + "/" + file))
            #expect(String(decoding: bytes, as: UTF8.self).contains("import Foundation\n"))
            #expect(SingleThreadedSource.isSingleThreaded(Array(bytes)), "\(file)")
        }
        #expect(Self.single("import ExerciseKit\nimport Glibc\nfinal class A { func f() -> Double { sqrt(2) } }"))
        #expect(Self.single("import struct ExerciseKit.Tensor\n"))
        #expect(Self.single("import Foundation\nimport ExerciseKit\nlet e = exp(1.0)\n"))
    }

    @Test(
        "threads, tasks, queues, atomics, other modules: not single-threaded",
        arguments: [
            "import Dispatch\n", "@preconcurrency import Synchronization\n", "import FoundationNetworking\n",
            "import class Foundation.Thread\n", "let t = Task { 1 }\n", "func f() async {}\n", "actor A {}\n",
            "DispatchQueue.concurrentPerform(iterations: 2) { _ in }\n", "var t = pthread_t()\n",
            "_ = pthread_create(&t, nil, body, nil)\n", "let m = Mutex(0)\n", "// await the result\n",
            "let s = \"Thread\"\n", "Task.detached { }\n", "let f = dlsym(nil, \"x\")\n", "import\n",
        ])
    func concurrent(_ text: String) {
        #expect(!Self.single("import ExerciseKit\n" + text), "\(text)")
    }

    @Test("the modules a file imports, whatever the form of the import")
    func imports() {
        func modules(_ text: String) -> [String]? { SourceImports.modules(Array(text.utf8)) }
        #expect(modules("import Foundation\nimport ExerciseKit\n") == ["Foundation", "ExerciseKit"])
        #expect(
            modules("@testable import struct Foundation.Date\n@preconcurrency import Dispatch") == [
                "Foundation", "Dispatch",
            ])
        #expect(modules("let x = 1\n") == [])
        #expect(modules("let x = 1 // the end: import") == nil)
        #expect(
            SourceImports.anyImportsFoundation([Array("import ExerciseKit".utf8), Array("import Foundation".utf8)]))
        #expect(!SourceImports.anyImportsFoundation([Array("import ExerciseKit\nimport Glibc".utf8)]))
    }

    @Test("words are whole words: a name that only contains one is not one")
    func wholeWords() {
        #expect(Self.single("let taskCount = 3\nlet asyncish = 1\nlet threads2 = 0\nfunc mutexFree() {}\n"))
        #expect(!Self.single("let t = Thread\n"))
        #expect(SourceImports.identifiers(Array("a.b_c(d1) é=ü".utf8)) == ["a", "b_c", "d1", "é", "ü"])
    }

    @Test("the flags of a compile follow its files: one file that may reach a thread keeps atomic counting")
    func flags() throws {
        let bob = try DirectCompileTests.source("bob")
        #expect(PluginCompiler.flags(for: [bob]).suffix(2) == ["-Xfrontend", "-assume-single-threaded"])
        var threaded = bob
        threaded.bytes = Array("import Dispatch\n".utf8) + bob.bytes
        #expect(!PluginCompiler.flags(for: [bob, threaded]).contains("-assume-single-threaded"))
        #expect(PluginCompiler.flags(for: [threaded]) == PluginCompiler.flags + PluginCompiler.frontendFlags)
    }

    @Test("a submission that computes on several threads is graded with atomic counting, correctly")
    func threadedSubmission() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let source = Self.fullyConnected(
            imports: ["Dispatch"],
            backward: """
                let rows = dout.shape[0]
                let inner = W.shape[0]
                let outer = W.shape[1]
                let results = UnsafeMutableBufferPointer<Double>.allocate(capacity: rows * inner)
                defer { results.deallocate() }
                DispatchQueue.concurrentPerform(iterations: rows) { i in
                    for k in 0..<inner {
                        var total = 0.0
                        for j in 0..<outer { total += dout.scalars[i * outer + j] * W.scalars[k * outer + j] }
                        results[i * inner + k] = total
                    }
                }
                dW = x.transposed().matmul(dout)
                db = dout.sum(alongAxis: 0)
                return Tensor(shape: [rows, inner], scalars: Array(results)).reshaped(shape)
                """)
        try source.write(toFile: scratch.path + "/FullyConnected.swift", atomically: true, encoding: .utf8)
        let report = try TestEnvironment.sharedGrader().grade(path: scratch.path, exercise: .fcBackward)
        #expect(report.score == report.maxScore, "\(report.methods.map(\.message))")
        #expect(!SingleThreadedSource.isSingleThreaded(Array(source.utf8)))
    }

    /// A correct fully-connected layer whose backward starts a thread through Foundation (a
    /// readability handler runs on a Dispatch thread) without naming any: the source check takes
    /// it for single-threaded.
    static let threadThroughFoundation = fullyConnected(
        imports: ["Foundation"],
        backward: """
            let pipe = Pipe()
            let seen = UnsafeMutablePointer<Int>.allocate(capacity: 1)
            seen.pointee = 0
            pipe.fileHandleForReading.readabilityHandler = { handle in
                _ = handle.availableData
                seen.pointee = 1
            }
            pipe.fileHandleForWriting.write(Data([1]))
            var waited = 0
            while seen.pointee == 0 && waited < 2000 {
                usleep(1000)
                waited += 1
            }
            pipe.fileHandleForReading.readabilityHandler = nil
            dW = x.transposed().matmul(dout)
            db = dout.sum(alongAxis: 0)
            return dout.matmul(W.transposed()).reshaped(shape)
            """)

    @Test("a thread started through Foundation: SIGSYS in a single-threaded plugin, a clean run in an atomic one")
    func threadThroughFoundationIsStopped() throws {
        let grader = try TestEnvironment.sharedGrader()
        let source = Self.threadThroughFoundation
        #expect(SingleThreadedSource.isSingleThreaded(Array(source.utf8)))
        let plan = try #require(grader.plans[.fcBackward]?.classes.first)
        let sources = [
            SubmissionSource(
                exercise: try #require(grader.plans[.fcBackward]).exercise.exercise, bytes: Array(source.utf8))
        ]
        let single = try #require(
            try grader.compiler.compile(sources, atomicCounting: false, isCancelled: nil)[.fcBackward])
        let atomic = try #require(
            try grader.compiler.compile(sources, atomicCounting: true, isCancelled: nil)[.fcBackward])
        #expect(single.singleThreaded)
        #expect(!atomic.singleThreaded)
        #expect(single.pluginPath != atomic.pluginPath)
        func run(_ build: PluginBuild) throws -> WorkerOutcome {
            try grader.launcher.run(
                WorkerJob(
                    pluginPath: try #require(build.pluginPath), kit: grader.compiler.kit, plan: plan,
                    limits: grader.limits, studentFiles: grader.studentFiles, singleThreaded: build.singleThreaded),
                control: .none)
        }
        let stopped = try run(single)
        #expect(stopped.endedBySIGSYS)
        guard case .crashed(let signal, _) = stopped.termination else {
            Issue.record("expected a crash, got \(stopped.termination)")
            return
        }
        #expect(signal == SIGSYS)
        #expect(stopped.results.isEmpty)
        let clean = try run(atomic)
        #expect(clean.termination == .completed)
        #expect(!clean.endedBySIGSYS)
        #expect(clean.results.count == plan.cases.count)
    }

    @Test("that submission, graded: the class runs again with atomic counting and gets full marks")
    func threadThroughFoundationIsGradedInFull() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try Self.threadThroughFoundation.write(
            toFile: scratch.path + "/FullyConnected.swift", atomically: true, encoding: .utf8)
        let report = try TestEnvironment.sharedGrader().grade(path: scratch.path, exercise: .fcBackward)
        #expect(report.score == report.maxScore, "\(report.methods.map(\.message))")
        #expect(report.status == .graded)
    }

    @Test("a trap in a single-threaded plugin still gets the runtime's backtrace, which names the student's function")
    func trapsKeepTheirBacktrace() throws {
        let grader = try TestEnvironment.sharedGrader()
        let bytes = try #require(
            FileManager.default.contents(atPath: TestEnvironment.example("erin") + "/FullyConnected.swift"))
        let exercise = try #require(grader.plans[.fcBackward])
        let build = try #require(
            try grader.compiler.compile(
                [SubmissionSource(exercise: exercise.exercise.exercise, bytes: Array(bytes))], isCancelled: nil)[
                    .fcBackward])
        #expect(build.singleThreaded)
        let plan = try #require(exercise.classes.first)
        let outcome = try grader.launcher.run(
            WorkerJob(
                pluginPath: try #require(build.pluginPath), kit: grader.compiler.kit, plan: plan,
                limits: grader.limits, studentFiles: grader.studentFiles, singleThreaded: true),
            control: .none)
        #expect(!outcome.endedBySIGSYS)
        guard case .crashed(let signal, let message) = outcome.termination else {
            Issue.record("expected a crash, got \(outcome.termination)")
            return
        }
        #expect(signal == SIGILL)
        // The frame of the student's function comes from the runtime's backtrace.
        #expect(message.contains("at FullyConnected.swift, in FullyConnected.backward(_:)"), "\(message)")
    }
}
