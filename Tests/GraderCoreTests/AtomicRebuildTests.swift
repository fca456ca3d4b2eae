// Issue 15: a class of a plugin compiled for one thread that starts a thread anyway is killed with
// SIGSYS; the grader then compiles the student's files again with atomic counting, once for all
// their exercises, and runs that class again, so the verdict is the one atomic counting gives. The
// plan alone, with a compiler and a launcher that only record their calls: no swiftc, no worker.

import Foundation
import PluginWire
import Synchronization
import Testing

@testable import GraderCore

#if canImport(Glibc)
    import Glibc
#endif

/// A compiler whose builds are single-threaded unless asked for atomic counting (or always
/// atomic), and that records what it was asked.
final class ThreadingCompiler: PluginBuilding {
    let kit = KitBuild(directory: "/nonexistent-kit", key: "kit")
    let calls = Mutex<[Bool]>([])
    let singleThreaded: Bool

    init(singleThreaded: Bool = true) { self.singleThreaded = singleThreaded }

    func compile(_ sources: [SubmissionSource], atomicCounting: Bool, isCancelled: (@Sendable () -> Bool)?) throws
        -> [ExerciseID: PluginBuild]
    {
        calls.withLock { $0.append(atomicCounting) }
        let single = singleThreaded && !atomicCounting
        return Dictionary(
            uniqueKeysWithValues: sources.map { source in
                (
                    source.exercise.id,
                    PluginBuild(
                        status: .built, pluginPath: single ? "/single.so" : "/atomic.so",
                        classes: source.exercise.classes.map(\.name), compileSeconds: single ? 0.1 : 0.25,
                        singleThreaded: single)
                )
            })
    }
}

/// A launcher whose classes start a thread: killed with SIGSYS in a single-threaded plugin (and, with
/// `alwaysKilled`, in any), else the reference outputs. Records each job's plugin and flag.
final class ThreadStartingLauncher: WorkerLaunching {
    let runs = Mutex<[(plugin: String, singleThreaded: Bool, className: String)]>([])
    let alwaysKilled: Bool

    init(alwaysKilled: Bool = false) { self.alwaysKilled = alwaysKilled }

    func run(_ job: WorkerJob, control: GradingControl) throws -> WorkerOutcome {
        runs.withLock { $0.append((job.pluginPath, job.singleThreaded, job.plan.gradedClass.name)) }
        if job.singleThreaded || alwaysKilled {
            var killed = WorkerOutcome(termination: .crashed(signal: SIGSYS, message: "bad system call"))
            killed.endingSignal = SIGSYS
            return killed
        }
        var results: [Int: WorkerOutcome.CaseResult] = [:]
        for (index, outputs) in job.plan.expected.enumerated() {
            results[index] = .outputs(outputs.map { .tensor(BPGWireTensor(shape: $0.shape, scalars: $0.scalars)) })
        }
        return WorkerOutcome(results: results, mechanisms: [.seccomp])
    }
}

@Suite("A class that starts a thread in a single-threaded plugin is graded again with atomic counting")
struct AtomicRebuildTests {
    /// A student folder with alice's files for fc-backward and activation-backward.
    func student(_ scratch: Scratch) throws -> String {
        _ = try scratch.copy("FullyConnected.swift", of: "alice", to: "alice")
        return try scratch.copy("Activations.swift", of: "alice", to: "alice")
    }

    @Test("one rebuild for all of a student's exercises; each class runs again in it and counts from there")
    func rebuildOnceAndRunAgain() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let folder = try student(scratch)
        let compiler = ThreadingCompiler()
        let launcher = ThreadStartingLauncher()
        let grader = Grader(
            configuration: try TestEnvironment.configuration(), compiler: compiler, launcher: launcher)
        let reports = try grader.gradeStudent(path: folder, exercises: [.fcBackward, .activationBackward])
        for exercise in [ExerciseID.fcBackward, .activationBackward] {
            let report = try #require(reports[exercise])
            #expect(report.score == report.maxScore, "\(exercise): \(report.methods.map(\.message))")
        }
        #expect(compiler.calls.withLock { $0 } == [false, true])
        let runs = launcher.runs.withLock { $0 }
        #expect(runs.map(\.className) == ["FullyConnected", "FullyConnected", "Sigmoid", "Sigmoid", "ReLU", "ReLU"])
        #expect(
            runs.map(\.plugin) == ["/single.so", "/atomic.so", "/single.so", "/atomic.so", "/single.so", "/atomic.so"])
        #expect(runs.map(\.singleThreaded) == [true, false, true, false, true, false])
        // The rebuild's compile is counted once, in the first exercise that needed it.
        let fc = try #require(reports[.fcBackward])
        let activation = try #require(reports[.activationBackward])
        #expect(abs(fc.timings.compileSeconds - 0.35) < 1e-9)
        #expect(abs(activation.timings.compileSeconds - 0.1) < 1e-9)
    }

    @Test("SIGSYS again in the atomic build: that run's crash is the verdict, and nothing runs a third time")
    func killedAgainIsACrash() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let folder = try scratch.copy("FullyConnected.swift", of: "alice", to: "alice")
        let compiler = ThreadingCompiler()
        let launcher = ThreadStartingLauncher(alwaysKilled: true)
        let grader = Grader(
            configuration: try TestEnvironment.configuration(), compiler: compiler, launcher: launcher)
        let report = try grader.grade(path: folder, exercise: .fcBackward)
        #expect(report.score == 0)
        #expect(report.methods.allSatisfy { $0.status == .crashed })
        #expect(compiler.calls.withLock { $0 } == [false, true])
        #expect(launcher.runs.withLock { $0 }.map(\.singleThreaded) == [true, false])
    }

    @Test("SIGSYS in a plugin that counts atomically: a crash, with no rebuild")
    func atomicPluginIsNotRebuilt() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let folder = try scratch.copy("FullyConnected.swift", of: "alice", to: "alice")
        let compiler = ThreadingCompiler(singleThreaded: false)
        let launcher = ThreadStartingLauncher(alwaysKilled: true)
        let grader = Grader(
            configuration: try TestEnvironment.configuration(), compiler: compiler, launcher: launcher)
        let report = try grader.grade(path: folder, exercise: .fcBackward)
        #expect(report.score == 0)
        #expect(compiler.calls.withLock { $0 } == [false])
        #expect(launcher.runs.withLock { $0 }.count == 1)
    }
}
