import CSandbox
import Foundation
import PluginWire

#if canImport(Glibc)
    import Glibc
#endif

/// Runs one graded class of one plugin in a fresh sandboxed worker process and collects what it
/// returned. The parent side of ``WorkerMain``.
///
/// The worker is the grader's own executable in its hidden worker mode, started under
/// ``SandboxPolicy/worker(executable:toolchain:kit:plugin:minimalRoot:hostWorkDirectory:limits:filesystem:)``.
/// The launcher feeds it the request, decodes its frames (``FrameDecoder``), captures its output
/// (``OutputCapture``), enforces the wall-clock limit by blocking in `poll` on the channels and the
/// process's status pipe, and kills everything the submission started when it ends.
public struct WorkerLauncher: Sendable {
    /// The `grader` executable to re-run in worker mode.
    public var executable: String
    /// The toolchain, for the runtime's library directory and crash reporter.
    public var toolchain: Toolchain
    /// Whether to ask for namespaces at all (off only to test the fallback).
    public var useNamespaces: Bool

    /// Creates a launcher.
    ///
    /// - Parameters:
    ///   - executable: the `grader` binary (the running one, or the built one in tests).
    ///   - toolchain: the toolchain plugins were built with.
    ///   - useNamespaces: whether to ask for namespaces.
    public init(executable: String, toolchain: Toolchain, useNamespaces: Bool = true) {
        self.executable = executable
        self.toolchain = toolchain
        self.useNamespaces = useNamespaces
    }

    /// Why this kernel would not build a worker's minimal root, once a start learnt it (the grader
    /// then runs workers in the host's tree, with Landlock).
    public static var minimalRootRefusal: String? { SandboxedProcess.minimalRootRefusal.withLock { $0 } }

    /// What a running worker has done so far, for signs of life.
    public struct Progress: Sendable {
        /// Cases answered.
        public var casesDone: Int
        /// Cases in all.
        public var casesTotal: Int
        /// Seconds since the worker started.
        public var elapsedSeconds: Double
        /// The time limit.
        public var limitSeconds: Double
    }

    /// Runs `cases` (wire-encoded input lists) through `symbol` in `pluginPath`.
    ///
    /// - Parameters:
    ///   - pluginPath: the compiled plugin.
    ///   - kit: the ExerciseKit build the plugin links against.
    ///   - symbol: the class's entry point.
    ///   - cases: each case's inputs, encoded with ``BPGWireCodec``.
    ///   - maximumScalars: per case, the most output scalars to take back (larger outputs come back
    ///     as their shape alone).
    ///   - limits: the limits.
    ///   - studentFiles: the submission file names, to find the student's line in a crash report.
    ///   - progress: called now and then from this thread while the worker runs.
    ///   - isCancelled: polled as the worker runs; when it returns true the worker is killed and
    ///     ``GraderError/cancelled`` thrown.
    /// - Returns: what came back and how the worker ended. A crash, a timeout or garbage on the
    ///   channel is a result, not an error.
    /// - Throws: ``SandboxError`` when the worker cannot be started at all.
    public func run(
        pluginPath: String, kit: KitBuild, symbol: String, cases: [[UInt8]], maximumScalars: [UInt64],
        limits: WorkerLimits, studentFiles: [String], progress: (@Sendable (Progress) -> Void)? = nil,
        isCancelled: (@Sendable () -> Bool)? = nil
    ) throws -> WorkerOutcome {
        let folder = try SandboxFolder.make(prefix: "bpg-worker")
        defer { folder.remove() }
        let request = WorkerProtocol.encode(
            WorkerProtocol.Request(
                pluginPath: pluginPath, kitLibraryPath: kit.libraryPath, symbol: symbol,
                maximumScalars: maximumScalars, cases: cases))
        var pipes = try WorkerPipes()
        defer { pipes.closeAll() }
        let nullDevice = open("/dev/null", O_RDONLY | O_CLOEXEC)
        defer { if nullDevice >= 0 { close(nullDevice) } }
        let (executable, toolchain) = (self.executable, self.toolchain)
        let started = Date()
        var process = try SandboxedProcess.start(
            SandboxedProcess.Launch(
                arguments: { _ in [executable, WorkerMain.argument] },
                descriptors: [
                    nullDevice, pipes.output.write, pipes.output.write, pipes.request.read, pipes.result.write,
                ],
                limits: bpg_limits(
                    address_space_bytes: limits.memoryBytes, cpu_seconds: UInt64(limits.wallSeconds.rounded(.up)) + 1,
                    processes: limits.processes, open_files: limits.openFiles, file_size_bytes: limits.fileSizeBytes),
                namespaces: useNamespaces, rootDirectory: folder.root,
                policy: { minimalRoot in
                    SandboxPolicy.worker(
                        executable: executable, toolchain: toolchain, kit: kit, plugin: pluginPath,
                        minimalRoot: minimalRoot, hostWorkDirectory: folder.work, limits: limits)
                }, name: "a worker"))
        pipes.closeChildEnds()

        var session = WorkerSession(
            decoder: FrameDecoder(maximumScalars: maximumScalars),
            capture: OutputCapture(capBytes: limits.outputCapBytes),
            request: request)
        let deadline = started.addingTimeInterval(limits.wallSeconds)
        var ended = false
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
                Progress(
                    casesDone: session.results.count, casesTotal: cases.count,
                    elapsedSeconds: now.timeIntervalSince(started), limitSeconds: limits.wallSeconds))
            let wait = Int32(min(deadline.timeIntervalSince(now) * 1000 + 1, progress == nil ? 1000 : 250))
            if session.pump(&pipes, status: process.statusDescriptor, timeoutMilliseconds: wait) {
                ended = true
                break
            }
            // After a protocol violation the channel is no longer read: stop the worker at once
            // rather than wait, maybe blocked on a full pipe, until the time limit.
            if session.decoder.violation != nil { break }
        }
        if ended { session.drain(&pipes) }
        process.kill()
        let waitStatus = process.reap()
        if cancelled { throw GraderError.cancelled }
        var outcome = WorkerOutcome(
            results: session.results, caseSeconds: session.seconds, output: session.capture.text,
            outputBytes: session.capture.totalBytes, mechanisms: process.mechanisms,
            wallSeconds: Date().timeIntervalSince(started))
        outcome.termination = WorkerTermination.classify(
            channel: session.channel, timedOut: timedOut && !session.channel.completed, waitStatus: waitStatus,
            output: outcome.output, limitSeconds: limits.wallSeconds, studentFiles: studentFiles)
        return outcome
    }
}

/// The parent's side of a running worker: feeds the request, reads frames and output.
struct WorkerSession {
    var decoder: FrameDecoder
    var capture: OutputCapture
    let request: [UInt8]
    var written = 0
    var results: [Int: WorkerOutcome.CaseResult] = [:]
    var seconds: [Int: Double] = [:]
    var channel = WorkerTermination.ChannelReport()
    private var buffer = [UInt8](repeating: 0, count: 1 << 16)

    init(decoder: FrameDecoder, capture: OutputCapture, request: [UInt8]) {
        self.decoder = decoder
        self.capture = capture
        self.request = request
    }

    /// Waits up to `timeoutMilliseconds` for one of the channels, and handles what is ready.
    /// Returns whether the process has ended (its status pipe became readable).
    mutating func pump(_ pipes: inout WorkerPipes, status: Int32, timeoutMilliseconds: Int32) -> Bool {
        var fds: [pollfd] = []
        if pipes.request.write >= 0 { fds.append(pollfd(fd: pipes.request.write, events: Int16(POLLOUT), revents: 0)) }
        if pipes.result.read >= 0 { fds.append(pollfd(fd: pipes.result.read, events: Int16(POLLIN), revents: 0)) }
        if pipes.output.read >= 0 { fds.append(pollfd(fd: pipes.output.read, events: Int16(POLLIN), revents: 0)) }
        fds.append(pollfd(fd: status, events: Int16(POLLIN), revents: 0))
        let ready = poll(&fds, nfds_t(fds.count), timeoutMilliseconds)
        guard ready > 0 else { return false }
        var ended = false
        for entry in fds where entry.revents != 0 {
            if entry.fd == status {
                ended = true
            } else if entry.fd == pipes.request.write {
                feedRequest(&pipes)
            } else {
                read(entry.fd, &pipes)
            }
        }
        return ended
    }

    /// After the process ended: takes what is still in the pipes, without waiting.
    mutating func drain(_ pipes: inout WorkerPipes) {
        for _ in 0..<256 {
            guard pipes.result.read >= 0 || pipes.output.read >= 0 else { return }
            var progressed = false
            for fd in [pipes.result.read, pipes.output.read] where fd >= 0 {
                if read(fd, &pipes) { progressed = true }
            }
            if !progressed { return }
        }
    }

    private mutating func feedRequest(_ pipes: inout WorkerPipes) {
        let count = request.withUnsafeBytes { raw -> Int in
            guard let base = raw.baseAddress else { return 0 }
            return write(pipes.request.write, base + written, raw.count - written)
        }
        if count > 0 { written += count }
        if (count < 0 && errno != EAGAIN && errno != EINTR) || written >= request.count {
            WorkerPipes.close(&pipes.request.write)
        }
    }

    /// Reads once from a channel; returns whether bytes came.
    @discardableResult
    private mutating func read(_ fd: Int32, _ pipes: inout WorkerPipes) -> Bool {
        let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
        if count < 0 && (errno == EAGAIN || errno == EINTR) { return false }
        if count <= 0 {
            if fd == pipes.result.read {
                WorkerPipes.close(&pipes.result.read)
            } else {
                WorkerPipes.close(&pipes.output.read)
            }
            return false
        }
        if fd == pipes.output.read {
            capture.append(buffer[0..<count])
            return true
        }
        for event in decoder.feed(buffer[0..<count]) { record(event) }
        if let violation = decoder.violation { channel.violation = violation }
        return true
    }

    private mutating func record(_ event: FrameDecoder.Event) {
        switch event {
        case .hello: break
        case .result(let index, let outputs, let time):
            results[index] = outputs.map(WorkerOutcome.CaseResult.outputs) ?? .rejected
            seconds[index] = time
        case .refused(let index, _, let time):
            results[index] = .rejected
            seconds[index] = time
        case .notImplemented(_, let member): channel.notImplemented = member
        case .loadFailed(let message): channel.loadFailure = message
        case .missingEntryPoint(let symbol): channel.missingEntryPoint = symbol
        case .done: channel.completed = true
        case .badRequest: channel.violation = "the worker could not read its request"
        }
    }
}
