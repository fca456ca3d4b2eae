// Issue 15: code that runs on one thread only is compiled with non-atomic reference counting
// (-assume-single-threaded), which halves the time of unoptimised loops over `scalars`; anything
// that could reach another thread keeps atomic counting. Pure checks, then a submission that runs
// its loop on several threads, graded.

import Foundation
import TestSupport
import Testing

@testable import GraderCore

@Suite("Single-threaded code, and code that is not")
struct SingleThreadedSourceTests {
    static func single(_ text: String) -> Bool { SingleThreadedSource.isSingleThreaded(Array(text.utf8)) }

    @Test("the sample students' files: bob's loops and alice's operations are single-threaded")
    func samples() throws {
        for student in ["alice", "bob", "carol"] {
            let bytes = try #require(
                FileManager.default.contents(atPath: TestEnvironment.example(student) + "/FullyConnected.swift"))
            #expect(SingleThreadedSource.isSingleThreaded(Array(bytes)), "\(student)")
        }
        #expect(Self.single("import ExerciseKit\nimport Glibc\nfinal class A { func f() -> Double { sqrt(2) } }"))
        #expect(Self.single("import struct ExerciseKit.Tensor\n"))
    }

    @Test(
        "threads, tasks, queues, atomics, other modules: not single-threaded",
        arguments: [
            "import Foundation\n", "import Dispatch\n", "@preconcurrency import Synchronization\n",
            "import class Foundation.Thread\n", "let t = Task { 1 }\n", "func f() async {}\n", "actor A {}\n",
            "DispatchQueue.concurrentPerform(iterations: 2) { _ in }\n", "var t = pthread_t()\n",
            "_ = pthread_create(&t, nil, body, nil)\n", "let m = Mutex(0)\n", "// await the result\n",
            "let s = \"Thread\"\n", "Task.detached { }\n", "let f = dlsym(nil, \"x\")\n", "import\n",
        ])
    func concurrent(_ text: String) {
        #expect(!Self.single("import ExerciseKit\n" + text), "\(text)")
    }

    @Test("words are whole words: a name that only contains one is not one")
    func wholeWords() {
        #expect(Self.single("let taskCount = 3\nlet asyncish = 1\nlet threads2 = 0\nfunc mutexFree() {}\n"))
        #expect(!Self.single("let t = Thread\n"))
        #expect(SingleThreadedSource.identifiers(Array("a.b_c(d1) é=ü".utf8)) == ["a", "b_c", "d1", "é", "ü"])
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
        let source = """
            import Dispatch
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
                }
            }

            """
        try source.write(toFile: scratch.path + "/FullyConnected.swift", atomically: true, encoding: .utf8)
        let report = try TestEnvironment.sharedGrader().grade(path: scratch.path, exercise: .fcBackward)
        #expect(report.score == report.maxScore, "\(report.methods.map(\.message))")
        #expect(!SingleThreadedSource.isSingleThreaded(Array(source.utf8)))
    }
}
