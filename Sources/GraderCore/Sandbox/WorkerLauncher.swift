import CSandbox
import Foundation
import PluginWire

#if canImport(Glibc)
    import Glibc
#endif

/// Runs one graded class of one plugin in a fresh sandboxed worker process, and collects what it
/// returned. The parent side of ``WorkerMain``.
///
/// The worker is the grader's own executable in its hidden worker mode, started in new user, PID,
/// network, mount and IPC namespaces where the kernel allows (see ``SandboxMechanisms``), as an
/// unprivileged user, with resource limits, a fresh empty working directory, a scrubbed environment
/// and no standard input. The parent enforces the wall-clock limit and kills the worker's whole
/// namespace (or process group) when it ends, so nothing the submission started outlives it.
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
    ///   - executable: the `grader` binary (the running one: `/proc/self/exe`, or the built one in tests).
    ///   - toolchain: the toolchain plugins were built with.
    ///   - useNamespaces: whether to ask for namespaces.
    public init(executable: String, toolchain: Toolchain, useNamespaces: Bool = true) {
        self.executable = executable
        self.toolchain = toolchain
        self.useNamespaces = useNamespaces
    }

    /// The environment a worker gets: nothing of the grader's, only what the Swift runtime needs to
    /// print a short crash report that names the student's file and line.
    static func environment(workDirectory: String) -> [String] {
        [
            "PATH=/usr/bin:/bin",
            "HOME=\(workDirectory)",
            "TMPDIR=\(workDirectory)",
            "LANG=C.UTF-8",
            "SWIFT_BACKTRACE=enable=yes,interactive=no,color=no,threads=crashed,registers=none,images=none,"
                + "limit=24,top=0,sanitize=yes,demangle=yes,output-to=stderr,timeout=5s",
        ]
    }

    /// Runs `cases` (wire-encoded input lists) through `gradedClass`'s entry point in `pluginPath`.
    ///
    /// - Parameters:
    ///   - pluginPath: the compiled plugin.
    ///   - kit: the ExerciseKit build the plugin links against.
    ///   - gradedClass: the class to drive.
    ///   - cases: each case's inputs, encoded with ``BPGWireCodec``.
    ///   - limits: the limits.
    /// - Returns: what came back and how the worker ended. A crash, a timeout or garbage on the
    ///   channel is a result, not an error.
    /// - Throws: ``SandboxError`` when the worker cannot be started at all.
    public func run(
        pluginPath: String, kit: KitBuild, gradedClass: GradedClass, cases: [[UInt8]], limits: WorkerLimits
    ) throws -> WorkerOutcome {
        let workDirectory = try makeWorkDirectory()
        defer { try? FileManager.default.removeItem(atPath: workDirectory) }
        let runtimeRoot = URL(fileURLWithPath: toolchain.runtimeLibraryDirectory).deletingLastPathComponent().path
        let request = WorkerProtocol.Request(
            pluginPath: pluginPath, kitLibraryPath: kit.libraryPath, symbol: gradedClass.entryPointSymbol,
            readPaths: [
                runtimeRoot, "/lib", "/lib64", "/usr/lib", "/usr/lib64", "/etc/ld.so.cache", "/dev/urandom",
                "/proc", kit.directory, pluginPath,
            ],
            executePaths: toolchain.backtracer.map { [$0] } ?? [],
            writePaths: [workDirectory, "/dev/null"], cases: cases)
        let requestBytes = WorkerProtocol.encode(request)

        var pipes = Pipes()
        defer { pipes.closeAll() }
        try pipes.open()
        let nullDevice = Glibc.open("/dev/null", O_RDONLY | O_CLOEXEC)
        defer { if nullDevice >= 0 { close(nullDevice) } }

        var child = bpg_child()
        var failedStep: UnsafePointer<CChar>? = nil
        let started = Date()
        let argv = [executable, WorkerMain.argument]
        let envp = WorkerLauncher.environment(workDirectory: workDirectory)
        let descriptors: [Int32] = [
            nullDevice, pipes.output.write, pipes.output.write, pipes.request.read, pipes.result.write,
        ]
        let cpuSeconds = UInt64(limits.wallSeconds.rounded(.up)) + 1
        // Root gives the worker an unprivileged id of its own (so that the process limit holds) when
        // that id can reach every file the worker opens; otherwise the worker keeps root's id, and
        // its mechanisms say so (no `unprivilegedUser`).
        let ownIDs =
            geteuid() != 0
            || ([
                (executable, true), (kit.libraryPath, false), (pluginPath, false),
                (toolchain.runtimeLibraryDirectory, false),
            ] + (toolchain.backtracer.map { [($0, true)] } ?? []))
            .allSatisfy { WorkerLauncher.reachableByAnyone($0.0, execute: $0.1) }
        let status: Int32 = withCStringArray(argv) { argvPointer in
            withCStringArray(envp) { envpPointer in
                executable.withCString { path in
                    workDirectory.withCString { directory in
                        descriptors.withUnsafeBufferPointer { fds in
                            var spawnRequest = bpg_spawn_request(
                                path: path, argv: argvPointer, envp: envpPointer, workdir: directory,
                                fds: fds.baseAddress, fd_count: Int32(fds.count), use_namespaces: useNamespaces ? 1 : 0,
                                own_ids: ownIDs ? 1 : 0,
                                limits: bpg_limits(
                                    address_space_bytes: limits.memoryBytes, cpu_seconds: cpuSeconds,
                                    processes: limits.processes, open_files: limits.openFiles,
                                    file_size_bytes: limits.fileSizeBytes))
                            return bpg_spawn(&spawnRequest, &child, &failedStep)
                        }
                    }
                }
            }
        }
        guard status == 0 else {
            let step = failedStep.map { String(cString: $0) } ?? "starting"
            throw SandboxError.cannotStartWorker(step: step, reason: String(cString: strerror(status)))
        }
        pipes.closeChildEnds()

        var outcome = WorkerOutcome()
        outcome.mechanisms = SandboxMechanisms(rawValue: child.mechanisms)
        var collector = Collector(limits: limits, caseCount: cases.count)
        let deadline = started.addingTimeInterval(limits.wallSeconds)
        let timedOut = collector.pump(pipes: &pipes, request: requestBytes, deadline: deadline)

        var waitStatus: Int32 = 0
        var exited = false
        // After a protocol violation the channel is no longer read: kill the worker at once rather
        // than wait, maybe blocked on a full pipe, until the time limit.
        if !timedOut && collector.violation == nil {
            while Date() < deadline {
                if bpg_wait(&child, &waitStatus, 1) == 0 {
                    exited = true
                    break
                }
                usleep(1000)
            }
        }
        bpg_kill(&child)
        if !exited { _ = bpg_wait(&child, &waitStatus, 0) }
        outcome.wallSeconds = Date().timeIntervalSince(started)

        outcome.results = collector.results
        outcome.rejected = collector.rejected
        outcome.caseSeconds = collector.caseSeconds
        outcome.output = collector.capturedOutput()
        outcome.outputBytes = collector.outputBytes
        outcome.mechanisms.formUnion(SandboxMechanisms(rawValue: collector.workerMechanisms))
        outcome.termination = classify(
            collector: collector, exited: exited, waitStatus: waitStatus, limits: limits, output: outcome.output)
        return outcome
    }

    func classify(collector: Collector, exited: Bool, waitStatus: Int32, limits: WorkerLimits, output: String)
        -> WorkerTermination
    {
        if let violation = collector.violation { return .protocolViolation(message: violation) }
        if collector.done { return .completed }
        if let message = collector.loadFailure { return .loadFailed(message: message) }
        if let symbol = collector.missingEntryPoint { return .missingEntryPoint(symbol: symbol) }
        if !exited { return .timedOut(limitSeconds: limits.wallSeconds) }
        let signal = bpg_status_signal(waitStatus)
        let report = CrashReport(output: output)
        if report.isAllocationFailure { return .memoryLimit(message: report.summary ?? "allocation failed") }
        if signal == SIGXCPU { return .timedOut(limitSeconds: limits.wallSeconds) }
        if signal != 0 {
            return .crashed(signal: signal, message: report.summary ?? "killed by \(signalName(signal))")
        }
        return .exitedWithoutResult(code: bpg_status_exit_code(waitStatus))
    }

    /// Whether a user with no rights of its own can reach `path`: search permission for others on
    /// every directory on the way, and read (or, with `execute`, execute) permission on the file.
    static func reachableByAnyone(_ path: String, execute: Bool) -> Bool {
        guard let real = realpath(path, nil) else { return false }
        defer { free(real) }
        let resolved = String(cString: real)
        let othersRead: mode_t = 0o004
        let othersSearch: mode_t = 0o001
        var info = stat()
        var prefix = ""
        for component in resolved.split(separator: "/").dropLast() {
            prefix += "/" + component
            guard stat(prefix, &info) == 0, info.st_mode & othersSearch != 0 else { return false }
        }
        guard stat(resolved, &info) == 0 else { return false }
        let isDirectory = info.st_mode & S_IFMT == S_IFDIR
        let needed = isDirectory ? othersSearch : execute ? othersSearch : othersRead
        return info.st_mode & needed == needed
    }

    /// The prefix of this process's worker directories: `<tmp>/bpg-worker-<grader pid>-`.
    static var workDirectoryPrefix: String { NSTemporaryDirectory() + "/bpg-worker-\(getpid())-" }

    /// Removes the worker directories of graders that are no longer running (killed before they could
    /// clean up). A directory whose grader still runs is left alone.
    public static func removeStaleWorkDirectories() {
        let temporary = NSTemporaryDirectory()
        let names = (try? FileManager.default.contentsOfDirectory(atPath: temporary)) ?? []
        for name in names where name.hasPrefix("bpg-worker-") {
            let fields = name.dropFirst("bpg-worker-".count).split(separator: "-")
            guard fields.count == 2, let pid = Int32(fields[0]), pid != getpid() else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH {
                try? FileManager.default.removeItem(atPath: temporary + "/" + name)
            }
        }
    }

    func makeWorkDirectory() throws -> String {
        var template = Array((WorkerLauncher.workDirectoryPrefix + "XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer -> Bool in
            guard let base = buffer.baseAddress else { return false }
            return mkdtemp(base) != nil
        }
        let path = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard made else {
            throw SandboxError.cannotCreateWorkDirectory(path: path, reason: String(cString: strerror(errno)))
        }
        if geteuid() == 0 {
            // Without a user namespace the worker runs as nobody (65534); with one, `bpg_spawn` hands
            // the directory to the worker's own id.
            _ = chown(path, 65534, 65534)
        }
        return path
    }
}

/// The three pipes between the grader and a worker.
struct Pipes {
    struct Pair {
        var read: Int32 = -1
        var write: Int32 = -1
    }

    var request = Pair()
    var result = Pair()
    var output = Pair()

    mutating func open() throws {
        for keyPath in [\Pipes.request, \Pipes.result, \Pipes.output] {
            var fds: [Int32] = [-1, -1]
            let status = fds.withUnsafeMutableBufferPointer { bpg_pipe_cloexec($0.baseAddress) }
            guard status == 0 else {
                throw SandboxError.cannotStartWorker(step: "creating pipes", reason: String(cString: strerror(status)))
            }
            self[keyPath: keyPath] = Pair(read: fds[0], write: fds[1])
        }
        // The parent's ends never block.
        for fd in [request.write, result.read, output.read] { _ = fcntl(fd, F_SETFL, O_NONBLOCK) }
    }

    mutating func closeChildEnds() {
        Pipes.close(&request.read)
        Pipes.close(&result.write)
        Pipes.close(&output.write)
    }

    mutating func closeAll() {
        for keyPath in [\Pipes.request, \Pipes.result, \Pipes.output] {
            Pipes.close(&self[keyPath: keyPath].read)
            Pipes.close(&self[keyPath: keyPath].write)
        }
    }

    static func close(_ fd: inout Int32) {
        if fd >= 0 { Glibc.close(fd) }
        fd = -1
    }
}

/// The parent's side of a running worker: feeds the request, reads frames and output, until both
/// channels close or the deadline passes.
struct Collector {
    let limits: WorkerLimits
    let caseCount: Int
    var results: [Int: [BPGWireTensor?]] = [:]
    var rejected: Set<Int> = []
    var caseSeconds: [Int: Double] = [:]
    var done = false
    var loadFailure: String?
    var missingEntryPoint: String?
    var violation: String?
    var workerMechanisms: UInt32 = 0
    var helloReceived = false
    var frameBuffer: [UInt8] = []
    var head: [UInt8] = []
    var tail: [UInt8] = []
    var outputBytes = 0

    init(limits: WorkerLimits, caseCount: Int) {
        self.limits = limits
        self.caseCount = caseCount
    }

    /// Returns whether the deadline passed first.
    mutating func pump(pipes: inout Pipes, request: [UInt8], deadline: Date) -> Bool {
        var written = 0
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while pipes.result.read >= 0 || pipes.output.read >= 0 {
            let remaining = deadline.timeIntervalSinceNow
            if remaining <= 0 { return true }
            var fds: [pollfd] = []
            if pipes.request.write >= 0 {
                fds.append(pollfd(fd: pipes.request.write, events: Int16(POLLOUT), revents: 0))
            }
            if pipes.result.read >= 0 { fds.append(pollfd(fd: pipes.result.read, events: Int16(POLLIN), revents: 0)) }
            if pipes.output.read >= 0 { fds.append(pollfd(fd: pipes.output.read, events: Int16(POLLIN), revents: 0)) }
            let ready = poll(&fds, nfds_t(fds.count), Int32(min(remaining * 1000 + 1, 1000)))
            if ready < 0 && errno != EINTR { return false }
            for entry in fds where entry.revents != 0 {
                if entry.fd == pipes.request.write {
                    let count = request.withUnsafeBytes { raw -> Int in
                        guard let base = raw.baseAddress else { return 0 }
                        return write(entry.fd, base + written, raw.count - written)
                    }
                    if count > 0 { written += count }
                    if count < 0 && errno != EAGAIN && errno != EINTR || written >= request.count {
                        Pipes.close(&pipes.request.write)
                    }
                    continue
                }
                let count = buffer.withUnsafeMutableBytes { read(entry.fd, $0.baseAddress, $0.count) }
                if count < 0 && (errno == EAGAIN || errno == EINTR) { continue }
                if count <= 0 {
                    if entry.fd == pipes.result.read {
                        Pipes.close(&pipes.result.read)
                    } else {
                        Pipes.close(&pipes.output.read)
                    }
                    continue
                }
                if entry.fd == pipes.result.read {
                    frameBuffer.append(contentsOf: buffer[0..<count])
                    takeFrames()
                    if violation != nil { return false }
                } else {
                    capture(buffer[0..<count])
                }
            }
        }
        return false
    }

    mutating func takeFrames() {
        let maximum = 64 << 20
        guard let frames = WorkerProtocol.takeFrames(from: &frameBuffer, maximumPayload: maximum) else {
            violation = "unexpected bytes on the grader's result channel (the submission wrote to descriptor 4?)"
            return
        }
        for frame in frames {
            let index = Int(frame.index)
            switch frame.kind {
            case .hello:
                // The worker says hello once, before it loads any student code: a later one is forged.
                guard !helloReceived else {
                    violation = "a second hello frame arrived (the submission wrote to descriptor 4?)"
                    return
                }
                helloReceived = true
                workerMechanisms = frame.extra
            case .result:
                guard index < caseCount, results[index] == nil else {
                    violation = "a result for case \(index) arrived twice or out of range"
                    return
                }
                if let decoded = frame.payload.withUnsafeBytes({ BPGWireCodec.decode($0) }) {
                    results[index] = decoded
                } else {
                    rejected.insert(index)
                }
                caseSeconds[index] = frame.seconds
            case .entryFailed:
                rejected.insert(index)
                caseSeconds[index] = frame.seconds
            case .loadFailed: loadFailure = String(decoding: frame.payload, as: UTF8.self)
            case .missingEntryPoint: missingEntryPoint = String(decoding: frame.payload, as: UTF8.self)
            case .done: done = true
            case .badRequest: violation = "the worker could not read its request"
            }
        }
    }

    mutating func capture(_ bytes: ArraySlice<UInt8>) {
        outputBytes += bytes.count
        let half = max(1, limits.outputCapBytes / 2)
        if head.count < half {
            let take = min(half - head.count, bytes.count)
            head.append(contentsOf: bytes.prefix(take))
            if take == bytes.count { return }
            tail.append(contentsOf: bytes.dropFirst(take))
        } else {
            tail.append(contentsOf: bytes)
        }
        if tail.count > 2 * half { tail.removeFirst(tail.count - half) }
    }

    func capturedOutput() -> String {
        let half = max(1, limits.outputCapBytes / 2)
        let keptTail = tail.suffix(half)
        let dropped = outputBytes - head.count - keptTail.count
        var text = Collector.printable(head)
        if dropped > 0 { text += "\n[... \(dropped) bytes of output dropped ...]\n" }
        text += Collector.printable(keptTail)
        return text
    }

    /// The bytes as text, with control characters other than newline and tab shown as U+FFFD, like
    /// invalid UTF-8: they mean nothing to a reader, can drive a terminal, and each would take six
    /// bytes (`\u0000`) in a JSON report.
    static func printable<Bytes: Collection>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        String(decoding: bytes, as: UTF8.self).unicodeScalars.reduce(into: "") { text, scalar in
            let isControl = scalar.value < 0x20 && scalar != "\n" && scalar != "\t" || scalar.value == 0x7F
            text.unicodeScalars.append(isControl ? "\u{FFFD}" : scalar)
        }
    }
}

func signalName(_ signal: Int32) -> String {
    switch signal {
    case SIGILL: "SIGILL"
    case SIGSEGV: "SIGSEGV"
    case SIGBUS: "SIGBUS"
    case SIGFPE: "SIGFPE"
    case SIGABRT: "SIGABRT"
    case SIGKILL: "SIGKILL"
    case SIGTRAP: "SIGTRAP"
    case SIGXCPU: "SIGXCPU"
    case SIGXFSZ: "SIGXFSZ"
    case SIGTERM: "SIGTERM"
    case SIGSYS: "SIGSYS"
    default: "signal \(signal)"
    }
}

/// Builds a NULL-terminated `char *const *` for C.
func withCStringArray<R>(_ strings: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> R) -> R {
    let pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) } + [nil]
    defer {
        for pointer in pointers { free(pointer) }
    }
    return pointers.withUnsafeBufferPointer { buffer in
        guard let base = buffer.baseAddress else { preconditionFailure("empty array has no base address") }
        return body(base)
    }
}
