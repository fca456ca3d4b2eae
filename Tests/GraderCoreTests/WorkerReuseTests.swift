// Issue 15: a student's classes run one after another in one sandboxed worker, each in a fresh copy
// of it, and the worker takes the next class only when the last one left nothing behind. These
// tests drive a session of the real launcher with the hostile fixtures made for it: a class that
// damages everything of its own process (the next one finds none of it, in the same worker), one
// that leaves things outside it (the next one gets a new worker, and finds none of them either),
// and the failures after which a worker is always replaced (a crash, a timeout, forged frames).

import Foundation
import Testing
import WorkerRuntime

@testable import GraderCore

@Suite("Classes share a worker only when nothing of one can reach the next", .serialized)
struct WorkerReuseTests {
    /// A class's job and what its outcome scores.
    struct Graded {
        var name: String
        var outcome: WorkerOutcome
        var statuses: [MethodStatus]
    }

    /// Compiles `folder`'s files for `exercises` into one plugin and runs every class of them, in
    /// order (or in `order`, by class name), through one session of `grader`'s launcher; calls
    /// `whileOpen` after the last class, before the session closes.
    func run(
        _ folder: String, _ exercises: [ExerciseID], order: [String]? = nil, grader: Grader? = nil,
        whileOpen: () -> Void = {}
    ) throws -> (classes: [Graded], workersStarted: Int) {
        let grader = try grader ?? TestEnvironment.sharedGrader()
        var sources: [SubmissionSource] = []
        var plans: [GradingPlan] = []
        for exercise in exercises {
            let plan = try #require(grader.plans[exercise])
            let bytes = try #require(FileManager.default.contents(atPath: folder + "/" + exercise.fileName))
            sources.append(SubmissionSource(exercise: plan.exercise.exercise, bytes: Array(bytes)))
            plans.append(plan)
        }
        let builds = try grader.compiler.compile(sources, isCancelled: nil)
        var jobs: [(GradingPlan, GradingPlan.ClassPlan, WorkerJob)] = []
        for plan in plans {
            let build = try #require(builds[plan.exercise.id])
            let plugin = try #require(build.pluginPath, "\(folder) did not compile")
            for classPlan in plan.classes {
                let job = WorkerJob(
                    pluginPath: plugin, kit: grader.compiler.kit, plan: classPlan, limits: grader.limits,
                    studentFiles: grader.studentFiles, singleThreaded: build.singleThreaded,
                    linksFoundation: build.linksFoundation)
                jobs.append((plan, classPlan, job))
            }
        }
        if let order {
            jobs.sort { a, b in
                (order.firstIndex(of: a.1.gradedClass.name) ?? 0) < (order.firstIndex(of: b.1.gradedClass.name) ?? 0)
            }
        }
        let session = grader.launcher.openSession()
        defer { session.close() }
        var graded: [Graded] = []
        for (plan, classPlan, job) in jobs {
            let outcome = try session.run(job, control: .none)
            let methods = Scorer.score(
                plan: classPlan, outcome: outcome, tolerance: grader.configuration.tolerance,
                points: plan.exercise.points)
            graded.append(Graded(name: classPlan.gradedClass.name, outcome: outcome, statuses: methods.map(\.status)))
        }
        whileOpen()
        return (graded, (session as? WorkerLauncher.Session)?.workersStarted ?? -1)
    }

    /// Whether workers here run their classes in copies of themselves (a PID namespace and
    /// Landlock's signal scoping), and so may run more than one.
    func forks(_ outcome: WorkerOutcome) -> Bool {
        outcome.mechanisms.contains(.pidNamespace) && outcome.mechanisms.contains(.landlockScope)
    }

    func fixture(_ name: String) -> String { TestEnvironment.packageRoot + "/Tests/Fixtures/hostile/" + name }

    @Test("a class that damaged everything of its own process leaves the next a fresh copy of the same worker")
    func staleStateStaysBehind() throws {
        let (classes, started) = try run(fixture("reuse-stale-state"), [.activationBackward])
        #expect(classes.map(\.name) == ["Sigmoid", "ReLU"])
        for graded in classes {
            #expect(graded.statuses.allSatisfy { $0 == .passed }, "\(graded.name): \(graded.outcome.termination)")
        }
        let relu = try #require(classes.last)
        #expect(relu.outcome.output.contains("ReLU found nothing of Sigmoid"), "\(relu.outcome.output)")
        if forks(relu.outcome) {
            #expect(relu.outcome.classesBefore == 1, "ReLU did not run in Sigmoid's worker")
            #expect(started == 1)
            #expect(classes[0].outcome.residue.isEmpty)
        }
    }

    @Test("a class that left a process, a file, an IPC object or a changed worker behind has the next in a new one")
    func leftoversReplaceTheWorker() throws {
        let (classes, started) = try run(fixture("reuse-leftovers"), [.activationBackward])
        for graded in classes {
            #expect(graded.statuses.allSatisfy { $0 == .passed }, "\(graded.name): \(graded.outcome.termination)")
        }
        let sigmoid = try #require(classes.first)
        let relu = try #require(classes.last)
        #expect(relu.outcome.output.contains("ReLU found nothing of Sigmoid"), "\(relu.outcome.output)")
        #expect(sigmoid.outcome.output.contains("mq_open: refused"), "\(sigmoid.outcome.output)")
        #expect(relu.outcome.classesBefore == 0)
        if forks(sigmoid.outcome) {
            #expect(sigmoid.outcome.residue == [.processes, .files, .ipcObjects, .worker])
            #expect(started == 2)
        }
        expectNoLeftovers(after: "reuse-leftovers")
    }

    @Test("after a crash, a timeout or forged frames, the next class runs in a new worker and is graded alone")
    func failuresReplaceTheWorker() throws {
        // Sigmoid traps; ReLU is right.
        let crash = try run(fixture("trap-fatal-error"), [.activationBackward]).classes
        #expect(crash.map(\.statuses) == [[.crashed], [.passed]])
        #expect(crash.map(\.outcome.classesBefore) == [0, 0])
        // ReLU loops until the time limit, then Sigmoid runs, with a time limit of its own.
        let loop = try run(fixture("loop-busy"), [.activationBackward], order: ["ReLU", "Sigmoid"]).classes
        #expect(loop.map(\.statuses) == [[.timedOut], [.passed]])
        #expect(loop.map(\.outcome.classesBefore) == [0, 0])
        // ReLU forges frames on every descriptor; Sigmoid, after it, is not troubled.
        let forged = try run(fixture("flood-descriptors"), [.activationBackward], order: ["ReLU", "Sigmoid"]).classes
        #expect(forged.map(\.statuses) == [[.protocolViolation], [.passed]])
        #expect(forged.map(\.outcome.classesBefore) == [0, 0])
        expectNoLeftovers(after: "the failures")
    }

    @Test("a student's five classes of three exercises share one worker, and score as each would alone")
    func oneWorkerForAStudent() throws {
        let student = TestEnvironment.example("alice")
        let (classes, started) = try run(student, [.fcBackward, .activationBackward, .lossBackward])
        #expect(classes.count == 5)
        for graded in classes {
            #expect(graded.statuses.allSatisfy { $0 == .passed }, "\(graded.name): \(graded.outcome.termination)")
        }
        if let first = classes.first, forks(first.outcome) {
            #expect(classes.map(\.outcome.classesBefore) == [0, 1, 2, 3, 4])
            #expect(started == 1)
        }
    }

    @Test("a class may start as many processes in a worker that forks as in one that does not")
    func sameProcessLimit() throws {
        func forked(_ grader: Grader) throws -> (Int, Bool) {
            let report = try grader.grade(path: fixture("fork-children"), exercise: .activationBackward)
            let line = try #require(report.output?.split(separator: "\n").first { $0.hasPrefix("forked ") })
            let count = try #require(line.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }.first)
            return (count, report.sandbox.contains(.unprivilegedUser))
        }
        let (withNamespaces, limited) = try forked(TestEnvironment.sharedGrader())
        if getuid() == 0 {
            let (without, limitedToo) = try forked(TestEnvironment.sharedGraderWithoutNamespaces())
            if limited && limitedToo { #expect(withNamespaces == without) }
        } else {
            // An ordinary user's worker without namespaces runs as that user, and RLIMIT_NPROC
            // counts every task of the user: its limit is what the user had at the spawn plus its
            // own. Held while it grades, 40 idle threads of this runner put the user well past the
            // 16 of a worker's own; they once left it no fork at all. Other suites start and end
            // processes meanwhile, so the count is not compared exactly.
            let idle = IdleThreads(count: 40)
            defer { idle.release() }
            let (without, limitedToo) = try forked(TestEnvironment.sharedGraderWithoutNamespaces())
            #expect(without > 0, "no child at all without namespaces (\(withNamespaces) with)")
            if limitedToo { #expect(without < 64, "RLIMIT_NPROC did not hold: \(without) children") }
        }
        expectNoLeftovers(after: "fork-children")
    }

    @Test("a worker waiting for its next class is a grader-worker the leftover check looks for")
    func waitingWorkerIsASuspect() throws {
        let worker = WorkerLauncher.workerProgram(besides: TestEnvironment.graderBinary)
        #expect(worker.hasSuffix("/grader-worker"), "the build has no grader-worker beside the grader")
        var seen: [HostProcess] = []
        let (classes, _) = try run(
            TestEnvironment.example("alice"), [.activationBackward], whileOpen: { seen = ProcessTable.suspects() })
        if let first = classes.first, forks(first.outcome) {
            let path = ProcessTable.resolved(worker)
            #expect(
                seen.contains { $0.executable == path && $0.arguments.last == WorkerMain.argument },
                "no \(path) \(WorkerMain.argument) among \(seen.map(\.description))")
        }
    }

    @Test(
        "a worker for a plugin that links Foundation has it loaded before its first class; the classes score as before")
    func foundationIsLoadedOnce() throws {
        let worker = ProcessTable.resolved(WorkerLauncher.workerProgram(besides: TestEnvironment.graderBinary))
        var maps: [String?] = []
        let (classes, started) = try run(
            TestEnvironment.example("bob"), [.activationBackward, .lossBackward],
            whileOpen: {
                maps = ProcessTable.suspects().filter { $0.executable == worker }.map { process in
                    (try? String(contentsOfFile: "/proc/\(process.pid)/maps", encoding: .utf8)) ?? nil
                }
            })
        #expect(classes.map(\.statuses) == [[.passed], [.passed], [.passed], [.passed]])
        let grader = try TestEnvironment.sharedGrader()
        let sources = try [ExerciseID.activationBackward, .lossBackward].map { id in
            let plan = try #require(grader.plans[id])
            let bytes = try #require(
                FileManager.default.contents(atPath: TestEnvironment.example("bob") + "/" + plan.exercise.file))
            return SubmissionSource(exercise: plan.exercise.exercise, bytes: Array(bytes))
        }
        let build = try #require(try grader.compiler.compile(sources, isCancelled: nil)[.lossBackward])
        #expect(build.linksFoundation)
        let launcher = try #require(grader.launcher as? WorkerLauncher)
        let preloaded = launcher.preloadedLibraries(linksFoundation: build.linksFoundation)
        #expect(preloaded.count == 1 && preloaded[0].hasSuffix("/libFoundation.so"))
        #expect(launcher.preloadedLibraries(linksFoundation: false).isEmpty)
        if let first = classes.first, forks(first.outcome) {
            #expect(started == 1)
            // The worker that waits for a next class: its own mappings, read from outside.
            #expect(maps.count == 1, "\(maps.count) waiting workers")
            if let text = maps.first ?? nil {
                #expect(text.contains("/libFoundation.so"), "Foundation is not mapped in the waiting worker")
            }
        }
    }

    @Test("without namespaces every class has a worker of its own, as before")
    func noReuseWithoutNamespaces() throws {
        let grader = try TestEnvironment.sharedGraderWithoutNamespaces()
        let (classes, started) = try run(fixture("reuse-stale-state"), [.activationBackward], grader: grader)
        #expect(classes.map(\.statuses) == [[.passed], [.passed]])
        #expect(classes.map(\.outcome.classesBefore) == [0, 0])
        #expect(started == 2)
    }
}

/// Threads that wait until released: tasks of this user, as RLIMIT_NPROC counts them.
final class IdleThreads: @unchecked Sendable {
    private let gate = DispatchSemaphore(value: 0)
    private let started = DispatchSemaphore(value: 0)
    private let count: Int

    /// Starts `count` threads and returns once each runs.
    init(count: Int) {
        self.count = count
        for _ in 0..<count {
            let thread = Thread { [gate, started] in
                started.signal()
                gate.wait()
            }
            thread.start()
        }
        for _ in 0..<count { started.wait() }
    }

    /// Lets every thread end.
    func release() {
        for _ in 0..<count { gate.signal() }
    }
}
