// The result cache (issue 15): a grade of the same bytes under the same grading is replayed, and
// nothing whose verdict depends on the machine is. With a compiler and a launcher that only count
// their calls: no swiftc, no worker.

import Foundation
import PluginWire
import Synchronization
import TestSupport
import Testing

@testable import GraderCore

/// A compiler that "builds" every class and counts its calls.
final class CountingCompiler: PluginBuilding {
    let kit = KitBuild(directory: "/nonexistent-kit", key: "kit")
    let calls = Mutex(0)

    func compile(_ sources: [SubmissionSource], atomicCounting: Bool, isCancelled: (@Sendable () -> Bool)?) throws
        -> [ExerciseID: PluginBuild]
    {
        calls.withLock { $0 += 1 }
        return Dictionary(
            uniqueKeysWithValues: sources.map { source in
                (
                    source.exercise.id,
                    PluginBuild(
                        status: .built, pluginPath: "/nonexistent.so", classes: source.exercise.classes.map(\.name))
                )
            })
    }
}

/// A launcher that returns the reference outputs of every case (or a timeout) and counts its calls.
final class CountingLauncher: WorkerLaunching {
    let calls = Mutex(0)
    let timesOut: Bool

    init(timesOut: Bool = false) { self.timesOut = timesOut }

    func run(_ job: WorkerJob, control: GradingControl) throws -> WorkerOutcome {
        calls.withLock { $0 += 1 }
        if timesOut { return WorkerOutcome(termination: .timedOut(limitSeconds: 20)) }
        var results: [Int: WorkerOutcome.CaseResult] = [:]
        for (index, outputs) in job.plan.expected.enumerated() {
            results[index] = .outputs(outputs.map { .tensor(BPGWireTensor(shape: $0.shape, scalars: $0.scalars)) })
        }
        return WorkerOutcome(results: results, mechanisms: [.seccomp])
    }
}

@Suite("Result cache", .serialized)
struct ResultCacheTests {
    struct Setup {
        let scratch: Scratch
        let compiler = CountingCompiler()
        let launcher: CountingLauncher
        let cache: ResultCache

        init(timesOut: Bool = false, environment: String = "test") throws {
            scratch = try Scratch()
            launcher = CountingLauncher(timesOut: timesOut)
            cache = ResultCache(directory: scratch.path + "/results", environment: environment)
        }

        func grader(seed: UInt64? = nil, cache: ResultCache? = nil) throws -> Grader {
            Grader(
                configuration: try TestEnvironment.configuration(), seed: seed, compiler: compiler,
                launcher: launcher, resultCache: cache ?? self.cache)
        }

        var counts: (compiles: Int, runs: Int) { (compiler.calls.withLock { $0 }, launcher.calls.withLock { $0 }) }
    }

    @Test("the same bytes again: replayed, equal but for the path and the timings; nothing compiled or run")
    func replay() throws {
        let setup = try Setup()
        defer { setup.scratch.remove() }
        let folder = try setup.scratch.copy("Activations.swift", of: "alice", to: "alice")
        let grader = try setup.grader()
        let first = try grader.grade(path: folder, exercise: .activationBackward)
        #expect(setup.counts == (1, 2) && first.score == 10 && first.timings.cachedResult == nil)
        let copy = try setup.scratch.copy("Activations.swift", of: "alice", to: "elsewhere/alice")
        let second = try grader.grade(path: copy, exercise: .activationBackward, student: "alice")
        #expect(setup.counts == (1, 2), "a replay compiles and runs nothing")
        #expect(second.timings.cachedResult == true && second.submission == copy && second.student == "alice")
        var expected = first
        expected.submission = copy
        expected.student = "alice"
        expected.timings = second.timings
        #expect(second == expected)
    }

    @Test("other bytes, another seed, another environment: graded again")
    func misses() throws {
        let setup = try Setup()
        defer { setup.scratch.remove() }
        let folder = try setup.scratch.copy("Activations.swift", of: "alice", to: "alice")
        _ = try setup.grader().grade(path: folder, exercise: .activationBackward)
        _ = try setup.grader(seed: 99).grade(path: folder, exercise: .activationBackward)
        #expect(setup.counts.compiles == 2)
        let other = ResultCache(directory: setup.cache.directory, environment: "a rebuilt grader")
        _ = try setup.grader(cache: other).grade(path: folder, exercise: .activationBackward)
        #expect(setup.counts.compiles == 3)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: folder + "/Activations.swift"))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("// changed\n".utf8))
        try handle.close()
        _ = try setup.grader().grade(path: folder, exercise: .activationBackward)
        #expect(setup.counts.compiles == 4)
    }

    @Test("a timeout is never replayed: the next grade runs the code again")
    func timeoutsAreNotStored() throws {
        let setup = try Setup(timesOut: true)
        defer { setup.scratch.remove() }
        let folder = try setup.scratch.copy("Activations.swift", of: "alice", to: "alice")
        let grader = try setup.grader()
        let first = try grader.grade(path: folder, exercise: .activationBackward)
        #expect(first.methods.allSatisfy { $0.status == .timedOut })
        _ = try grader.grade(path: folder, exercise: .activationBackward)
        #expect(setup.counts == (2, 4))
    }

    @Test("a damaged cache entry is graded again, not trusted or fatal")
    func damagedEntry() throws {
        let setup = try Setup()
        defer { setup.scratch.remove() }
        let folder = try setup.scratch.copy("Activations.swift", of: "alice", to: "alice")
        let grader = try setup.grader()
        _ = try grader.grade(path: folder, exercise: .activationBackward)
        let enumerator = FileManager.default.enumerator(atPath: setup.cache.directory)
        let entries = (enumerator?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".json") }
        try #require(entries.count == 1)
        try Data("{ not json".utf8).write(to: URL(fileURLWithPath: setup.cache.directory + "/" + entries[0]))
        let again = try grader.grade(path: folder, exercise: .activationBackward)
        #expect(again.score == 10 && again.timings.cachedResult == nil && setup.counts.compiles == 2)
    }

    @Test("what may be replayed: not a timeout, a memory limit, a kill or a compile limit")
    func replayable() throws {
        let method = MethodResult(
            name: .sigmoidBackward, status: .passed, score: 5, maxScore: 5, casesPassed: 1, casesTotal: 1, message: "")
        var report = ExerciseReport(
            exercise: .activationBackward, title: "", submission: "", student: nil, seed: 1, status: .graded, score: 5,
            maxScore: 5, methods: [method], sandbox: [],
            timings: ExerciseReport.Timings(compileSeconds: 0, runSeconds: 0, totalSeconds: 0, cachedPlugin: false))
        #expect(ResultCache.isReplayable(report))
        for status in [MethodStatus.timedOut, .memoryLimit, .compileTimedOut, .compileMemoryLimit] {
            report.methods[0].status = status
            #expect(!ResultCache.isReplayable(report), "\(status)")
        }
        report.methods[0].status = .crashed
        #expect(ResultCache.isReplayable(report))
        report.methods[0].signal = "SIGKILL"
        #expect(!ResultCache.isReplayable(report))
        report.methods[0].signal = nil
        report.status = .compileTimedOut
        #expect(!ResultCache.isReplayable(report))
    }

    @Test("GRADER_COMPILE=driver neither replays nor reuses what the direct compile made")
    func compileModeIsInTheKeys() throws {
        let toolchain = try Toolchain.locate()
        let home = GraderHome(root: TestEnvironment.packageRoot)
        let kit = KitBuild(directory: "/nonexistent-kit", key: "kit")
        let caches = [CompileMode.direct, .driver].compactMap { mode in
            ResultCache.forGrader(
                cacheDirectory: "/nonexistent-cache", workerExecutable: TestEnvironment.graderBinary,
                workerProgram: WorkerLauncher.workerProgram(besides: TestEnvironment.graderBinary),
                toolchain: toolchain, kit: kit, useNamespaces: true, compileMode: mode)
        }
        try #require(caches.count == 2)
        let configuration = try TestEnvironment.configuration()
        let exercise = try #require(configuration.exercises.first { $0.id == .activationBackward })
        let source = SubmissionSource(exercise: exercise.exercise, bytes: Array("// file\n".utf8))
        let keys = caches.map { $0.key(exercise: .activationBackward, sources: [source], gradingKey: "g") }
        #expect(keys[0] != keys[1])
        let compilers = [CompileMode.direct, .driver].map { mode in
            PluginCompiler(
                toolchain: toolchain, kit: kit, home: home, limits: CompileLimits(), useNamespaces: true, mode: mode)
        }
        #expect(compilers[0].cacheKey([source]) != compilers[1].cacheKey([source]))
    }
}

@Suite("Result cache: the programs that grade")
struct ResultCacheBinaryTests {
    @Test("a rebuilt grader-worker, like a rebuilt grader, changes the key; a grader that is its own worker has one")
    func workerIdentity() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let (grader, worker) = (scratch.path + "/grader", scratch.path + "/grader-worker")
        try Data("grader".utf8).write(to: URL(fileURLWithPath: grader))
        try Data("worker".utf8).write(to: URL(fileURLWithPath: worker))
        let itself = try #require(ResultCache.binaryIdentity(grader: grader, worker: grader))
        let before = try #require(ResultCache.binaryIdentity(grader: grader, worker: worker))
        #expect(before != itself)
        try Data("a rebuilt worker".utf8).write(to: URL(fileURLWithPath: worker))
        let after = try #require(ResultCache.binaryIdentity(grader: grader, worker: worker))
        #expect(after != before)
        #expect(ResultCache.binaryIdentity(grader: grader, worker: grader) == itself)
        #expect(ResultCache.binaryIdentity(grader: grader, worker: scratch.path + "/missing") == nil)
    }
}
