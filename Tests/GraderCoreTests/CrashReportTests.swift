// Crash reports read from a worker's output: the message, the student's line, the glue step, the
// condensed traceback, and what the scorer says under each quantity. Pure: text made by hand.

import CSandbox
import ExerciseKit
import Testing

@testable import GraderCore

#if canImport(Glibc)
    import Glibc
#endif

@Suite("Crash reports")
struct CrashReportTests {
    let files = ["Activations.swift", "FullyConnected.swift"]

    @Test("a trap in the student's file: the message and the file and line")
    func trapInStudentFile() {
        let report = CrashReport(
            output: "Submission/Activations.swift:27: Fatal error: Index out of range\n*** Program crashed: x ***",
            studentFiles: files)
        #expect(report.summary == "Fatal error: Index out of range at Activations.swift:27")
    }

    @Test("a trap in the standard library: the student's frame of the backtrace")
    func trapInTheLibrary() {
        let output = """
            Swift/ContiguousArrayBuffer.swift:692: Fatal error: Index out of range
              0   0x7f closure in _assertionFailure(_:_:file:line:flags:) + 623 in libswiftCore.so
              1 [ra] 0x7f ReLU.backward(_:) + 82 in plugin.so at /submission/Activations.swift:14:17
            """
        #expect(
            CrashReport(output: output, studentFiles: files).summary
                == "Fatal error: Index out of range at Activations.swift:14")
    }

    @Test("the last runtime report wins: a fake one printed before the crash does not")
    func lastReportWins() {
        let output = "Activations.swift:1: Fatal error: fake\nSwift/x.swift:3: Fatal error: real one"
        #expect(CrashReport(output: output, studentFiles: files).runtimeMessage == "real one")
    }

    @Test("an allocation failure is recognised")
    func allocation() {
        #expect(CrashReport(output: "fatal error: could not allocate memory", studentFiles: files).isAllocationFailure)
    }
}

extension CrashReportTests {
    /// The crash reporter's text for a shape mismatch in `matmul` called by FullyConnected.backward
    /// (as Swift 6.3's reporter prints it, addresses shortened).
    static let kitTrap = """
        [FullyConnected: 1769 bytes]
        ExerciseKit/Tensor+LinearAlgebra.swift:21: Fatal error: cannot multiply shapes [2, 3] and [2, 3]

        *** Signal 4: Backtracing from 0x7f8055eaef37... done ***

        *** Program crashed: Illegal instruction at 0x00007f8055eaef37 ***

        Platform: x86_64 Linux (Debian GNU/Linux 12 (bookworm))

        Thread 0 "grader" crashed:

          0               0x00007f8055eaef37 specialized static KitFailure.stop(_:file:line:) + 407 in libExerciseKit.so
          1 [ra]          0x00007f8055ebd991 Tensor.matmul(_:) + 5056 in libExerciseKit.so
          2 [ra]          0x00007f8055ea61b7 FullyConnected.backward(_:) + 662 in ac329273760d4fbc7280fac61ddddb54be5be80a943818205094d7bde103bf90.so at /submission/FullyConnected.swift:29:21
          3 [ra]          0x00007f8055ea6583 __bpgRunFullyConnected(_:_:_:_:) + 594 in ac329273760d4fbc7280fac61ddddb54be5be80a943818205094d7bde103bf90.so at /submission/BPGGlue_FullyConnected.swift:12:40
          4 [ra] [system] 0x00007f8055ea6329 bpg_run_FullyConnected + 8 in ac329273760d4fbc7280fac61ddddb54be5be80a943818205094d7bde103bf90.so at //<compiler-generated>
          5 [ra]          0x000055fcb4b8e666 closure #2 in static WorkerMain.run() + 101 in grader at /work/main/Sources/GraderCore/Sandbox/WorkerMain.swift:71:17
        ...

        Backtrace took 0.03s


        """

    @Test("a trap inside the kit: the student's frame that called it, and the glue line")
    func trapInTheKit() throws {
        let report = CrashReport(output: Self.kitTrap, studentFiles: files)
        #expect(report.location == "FullyConnected.swift:29")
        #expect(report.runtimeMessage == "cannot multiply shapes [2, 3] and [2, 3]")
        let glue = try #require(report.glueLine)
        #expect(glue.file == "BPGGlue_FullyConnected.swift" && glue.line == 12)
        #expect(
            report.describe(signal: SIGILL)
                == "Swift runtime error at FullyConnected.swift:29: cannot multiply shapes [2, 3] and [2, 3]")
    }

    @Test("a frame: function (with \" in \" in its name), image and place")
    func frames() throws {
        let closure = try #require(
            CrashReport.Frame(
                "0 0x00007f13 closure #1 in closure #1 in _assertionFailure(_:_:file:line:flags:) + 623 in libswiftCore.so"
            ))
        #expect(closure.function == "closure #1 in closure #1 in _assertionFailure(_:_:file:line:flags:)")
        #expect(closure.image == "libswiftCore.so" && closure.file == nil && closure.line == nil)
        let inlined = try #require(
            CrashReport.Frame("2 [ra] [inlined] 0x0000560f studentBackward(_:_:) in t4 at /tmp/bt/m4.swift:3:14"))
        #expect(inlined.function == "studentBackward(_:_:)" && inlined.image == "t4")
        #expect(inlined.file == "m4.swift" && inlined.line == 3)
        #expect(CrashReport.Frame("Thread 0 \"grader\" crashed:") == nil)
        #expect(CrashReport.Frame("12 lines printed by the student in plain words") == nil)
    }

    @Test("the condensed text: what was printed, the crash in one line, the calls down to the glue")
    func condensed() {
        let text = CrashReport.condensed(Self.kitTrap)
        #expect(
            text == """
                [FullyConnected: 1769 bytes]
                ExerciseKit/Tensor+LinearAlgebra.swift:21: Fatal error: cannot multiply shapes [2, 3] and [2, 3]

                crashed (Illegal instruction); the crash reporter's full text is in the JSON report
                calls, innermost first:
                  Tensor.matmul(_:)  in ExerciseKit
                  FullyConnected.backward(_:)  at FullyConnected.swift:29
                """)
        #expect(CrashReport.condensed("no crash here\n") == "no crash here")
    }

    @Test("signals in words; no \"[SIGILL]\" for a runtime error", arguments: [SIGILL, SIGSEGV, SIGFPE, SIGSYS])
    func signalWords(_ signal: Int32) {
        let words = CrashReport.meaning(of: signal)
        #expect(!words.isEmpty)
        if signal == SIGILL { #expect(words.contains("Swift runtime error") && !words.contains("SIGILL")) }
        if signal == SIGSEGV { #expect(words.contains("memory")) }
        let report = CrashReport(
            output: "  3 [ra] 0x1 f() + 1 in x.so at /s/Activations.swift:9:1", studentFiles: files)
        #expect(report.describe(signal: signal) == words + " at Activations.swift:9")
    }

    @Test("the glue line of each of FullyConnected's steps, and the member it calls")
    func glueSteps() {
        let gradedClass = GradedClass.fullyConnected
        let lines = GlueSource.entryPoint(gradedClass).split(separator: "\n", omittingEmptySubsequences: false)
        for (step, glue) in gradedClass.glue.enumerated() {
            let line = lines.firstIndex { $0.contains(glue.code) }.map { $0 + 1 }
            #expect(line.flatMap { GlueSource.glueStep(atLine: $0, of: gradedClass) } == step)
        }
        #expect(GlueSource.glueStep(atLine: 1, of: gradedClass) == nil)
        #expect(gradedClass.glue.map(\.member) == ["init", "forward", "backward", "dW", "db"])
    }

    @Test("a crash in backward: dx says where; dW and db say they were never reached")
    func neverReached() throws {
        let plan = GradingPlan.ClassPlan(
            gradedClass: .fullyConnected, generator: CaseGenerator(seed: 7, randomCases: 1))
        let outcome = WorkerOutcome(
            termination: .crashed(signal: SIGILL, message: "Swift runtime error at FullyConnected.swift:29: x"),
            output: Self.kitTrap)
        let results = Scorer.score(plan: plan, outcome: outcome, tolerance: .standard, points: { _ in 1 })
        try #require(results.count == 3)
        #expect(results.allSatisfy { $0.status == .crashed })
        #expect(
            results[0].message.hasPrefix(
                "crashed on case 0 (sample, seed 7) in backward: Swift runtime error at FullyConnected.swift:29: x;"))
        #expect(results[1].message.hasPrefix("never reached: backward crashed on case 0 (sample, seed 7) before dW"))
        #expect(results[2].message.hasPrefix("never reached: backward crashed on case 0 (sample, seed 7) before db"))
        // Without a glue frame (no crash reporter), every quantity says only that it crashed.
        let bare = Scorer.score(
            plan: plan, outcome: WorkerOutcome(termination: outcome.termination), tolerance: .standard,
            points: { _ in 1 })
        #expect(bare.allSatisfy { $0.message.hasPrefix("crashed on case 0 (sample, seed 7): Swift runtime error") })
    }
}
