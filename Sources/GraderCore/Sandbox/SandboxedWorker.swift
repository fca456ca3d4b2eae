import CSandbox
import Foundation
import WorkerRuntime

#if canImport(Glibc)
    import Glibc
#endif

/// One sandboxed worker process, started for one plugin, and the classes it runs one at a time:
/// the parent's side of ``WorkerMain``.
///
/// The worker runs under
/// ``SandboxPolicy/worker(executable:toolchain:kit:plugin:minimalRoot:hostWorkDirectory:limits:filesystem:)``.
/// For each class this feeds it the request, decodes its frames (``FrameDecoder``), captures its
/// output (``OutputCapture``) and enforces the class's wall-clock limit, whose clock starts when
/// the request is sent, by blocking in `poll` on the channels and the process's status pipe.
///
/// A worker that `forks` runs each class in a fresh copy of itself and is given another class only
/// when the last one completed, exited normally and left nothing behind (no process, file, IPC
/// object or change to the worker: see `bpg_class_residue`); it forks only where the class's
/// process cannot signal it (a PID namespace and Landlock's signal scoping). Anything else ends
/// the worker and everything the submission started, as does ``stop()``.
final class SandboxedWorker {
    /// The program it runs (`grader-worker`, or the grader in worker mode).
    let program: String
    /// The plugin it loads for each class.
    let pluginPath: String
    /// The kit the plugin links against.
    let kit: KitBuild
    /// The limits of each class.
    let limits: WorkerLimits
    /// Whether the plugin counts references non-atomically, so that its classes' processes may not
    /// start a thread (``PluginBuild/singleThreaded``).
    let singleThreaded: Bool
    /// Whether the plugin links Foundation, which it loads before its first class.
    let linksFoundation: Bool
    /// The libraries it loads before its first class
    /// (``WorkerLauncher/preloadedLibraries(linksFoundation:)``).
    private let preload: [String]
    /// The mechanisms in force.
    let mechanisms: [SandboxMechanism]
    /// Whether its classes run in fresh copies of it, so that it may run more than one.
    let forks: Bool
    /// Whether it may be given another class.
    private(set) var acceptsAnother: Bool
    /// Classes it has run.
    private(set) var classesRun = 0

    private var process: SandboxedProcess
    private var pipes: WorkerPipes
    private let folder: SandboxFolder
    private var nullDevice: Int32
    private var running = true
    private var finalStatus: Int32 = 0

    /// Starts a worker.
    ///
    /// - Parameters:
    ///   - launcher: the program, toolchain and namespaces to start it with.
    ///   - pluginPath: the compiled plugin.
    ///   - kit: the ExerciseKit build the plugin links against.
    ///   - limits: the limits of each class.
    ///   - singleThreaded: whether the plugin counts references non-atomically.
    ///   - linksFoundation: whether the plugin links Foundation.
    ///   - mayFork: whether it may run its classes in copies of itself (and so more than one).
    /// - Throws: ``SandboxError`` when it cannot be started.
    init(
        launcher: WorkerLauncher, pluginPath: String, kit: KitBuild, limits: WorkerLimits, singleThreaded: Bool,
        linksFoundation: Bool = false, mayFork: Bool
    ) throws {
        self.program = launcher.workerProgram
        self.pluginPath = pluginPath
        self.kit = kit
        self.limits = limits
        self.singleThreaded = singleThreaded
        self.linksFoundation = linksFoundation
        self.preload = launcher.preloadedLibraries(linksFoundation: linksFoundation)
        folder = try SandboxFolder.make(prefix: "bpg-worker")
        do {
            pipes = try WorkerPipes()
        } catch {
            folder.remove()
            throw error
        }
        nullDevice = open("/dev/null", O_RDONLY | O_CLOEXEC)
        let (program, toolchain, folder) = (launcher.workerProgram, launcher.toolchain, folder)
        do {
            process = try SandboxedProcess.start(
                SandboxedProcess.Launch(
                    arguments: { _ in [program, WorkerMain.argument] },
                    descriptors: [
                        nullDevice, pipes.output.write, pipes.output.write, pipes.request.read, pipes.result.write,
                        pipes.control.write,
                    ],
                    // One process more than a class may have: the worker's own, which a class that
                    // runs in the worker itself gives back (`bpg_enter_class`).
                    limits: bpg_limits(
                        address_space_bytes: limits.memoryBytes,
                        cpu_seconds: UInt64(limits.wallSeconds.rounded(.up)) + 1, processes: limits.processes + 1,
                        open_files: limits.openFiles, file_size_bytes: limits.fileSizeBytes),
                    namespaces: launcher.useNamespaces, rootDirectory: folder.root,
                    policy: { minimalRoot in
                        SandboxPolicy.worker(
                            executable: program, toolchain: toolchain, kit: kit, plugin: pluginPath,
                            minimalRoot: minimalRoot, hostWorkDirectory: folder.work, limits: limits)
                    }, name: "a worker"))
        } catch {
            pipes.closeAll()
            if nullDevice >= 0 { close(nullDevice) }
            folder.remove()
            throw error
        }
        pipes.closeChildEnds()
        mechanisms = process.mechanisms
        forks = mayFork && mechanisms.contains(.pidNamespace) && mechanisms.contains(.landlockScope)
        acceptsAnother = true
    }

    deinit { stop() }

    /// Runs `cases` (wire-encoded input lists) through `symbol`.
    ///
    /// - Parameters:
    ///   - symbol: the class's entry point.
    ///   - cases: each case's inputs, encoded with `BPGWireCodec`.
    ///   - maximumScalars: per case, the most output scalars to take back.
    ///   - studentFiles: the submission file names, to find the student's line in a crash report.
    ///   - progress: called now and then from this thread while the class runs.
    ///   - isCancelled: polled as the class runs; when it returns true the worker is killed and
    ///     ``GraderError/cancelled`` thrown.
    /// - Returns: what came back and how the class ended. A crash, a timeout or garbage on the
    ///   channel is a result, not an error.
    /// - Throws: ``SandboxError`` when the worker has ended or its class could not be set up.
    func run(
        symbol: String, cases: [[UInt8]], maximumScalars: [UInt64], studentFiles: [String],
        progress: (@Sendable (WorkerLauncher.Progress) -> Void)?, isCancelled: (@Sendable () -> Bool)?
    ) throws -> WorkerOutcome {
        guard acceptsAnother else {
            throw SandboxError.cannotStart(process: "a worker", step: "giving it a class", reason: "it has ended")
        }
        let sequence = UInt32(classesRun)
        classesRun += 1
        var exchange = WorkerExchange(
            decoder: FrameDecoder(maximumScalars: maximumScalars),
            capture: OutputCapture(capBytes: limits.outputCapBytes),
            request: WorkerProtocol.encode(
                WorkerProtocol.Request(
                    pluginPath: pluginPath, kitLibraryPath: kit.libraryPath, symbol: symbol,
                    maximumScalars: maximumScalars, cases: cases.map { $0[...] }, forked: forks,
                    singleThreaded: singleThreaded, preload: preload)))
        let started = Date()
        let deadline = started.addingTimeInterval(limits.wallSeconds)
        var ending = WorkerExchange.Ending.none
        var timedOut = false
        var cancelled = false
        while true {
            let now = Date()
            if now >= deadline {
                timedOut = true
                break
            }
            if isCancelled?() == true {
                cancelled = true
                break
            }
            progress?(
                WorkerLauncher.Progress(
                    casesDone: exchange.results.count, casesTotal: cases.count,
                    elapsedSeconds: now.timeIntervalSince(started), limitSeconds: limits.wallSeconds))
            let wait = Int32(min(deadline.timeIntervalSince(now) * 1000 + 1, progress == nil ? 1000 : 250))
            ending = exchange.pump(
                &pipes, status: process.statusDescriptor, sequence: sequence, timeoutMilliseconds: wait)
            if ending != .none { break }
            // After a protocol violation the channel is no longer read: stop the worker at once
            // rather than wait, maybe blocked on a full pipe, until the time limit.
            if exchange.decoder.violation != nil || exchange.reportViolation != nil { break }
        }
        if ending != .none { exchange.drain(&pipes) }
        var report: WorkerProtocol.ClassReport?
        if case .classEnded(let ended) = ending { report = ended }
        if report == nil { stop() }
        if cancelled { throw GraderError.cancelled }
        if exchange.requestRefused {
            stop()
            throw SandboxError.workerRefusedRequest(program: program, version: Int(WorkerProtocol.version))
        }
        if let failure = exchange.setupFailure {
            stop()
            throw SandboxError.cannotStart(process: "a worker", step: "restricting a class's process", reason: failure)
        }
        if let violation = exchange.reportViolation, exchange.channel.violation == nil {
            exchange.channel.violation = violation
        }
        let waitStatus = report?.waitStatus ?? finalStatus
        var outcome = WorkerOutcome(
            results: exchange.results, caseSeconds: exchange.seconds, output: exchange.capture.text,
            outputBytes: exchange.capture.totalBytes, mechanisms: mechanisms,
            wallSeconds: Date().timeIntervalSince(started))
        outcome.classesBefore = Int(sequence)
        outcome.residue = report?.residue ?? []
        outcome.endingSignal = bpg_status_signal(waitStatus)
        outcome.termination = WorkerTermination.classify(
            channel: exchange.channel, timedOut: timedOut && !exchange.channel.completed, waitStatus: waitStatus,
            output: outcome.output, limitSeconds: limits.wallSeconds, studentFiles: studentFiles)
        let clean =
            report.map { $0.residue.isEmpty && bpg_status_exit_code($0.waitStatus) == 0 } ?? false
        if !(forks && clean && outcome.termination == .completed) { stop() }
        return outcome
    }

    /// Kills the worker and everything the submission started, and removes its folder.
    func stop() {
        acceptsAnother = false
        guard running else { return }
        running = false
        process.kill()
        finalStatus = process.reap()
        pipes.closeAll()
        if nullDevice >= 0 { close(nullDevice) }
        nullDevice = -1
        folder.remove()
    }
}
