import CSandbox
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Runs a trusted tool on hostile input (the compiler on a student's file) in a sandbox, the way a
/// worker runs: its own namespaces and minimal root, an unprivileged id where there is one, limits,
/// Landlock and seccomp, a wall-clock limit, and everything it started killed when it ends or when
/// the grader dies.
struct SandboxedTool {
    /// How a run ended.
    struct Result {
        /// The wait status (when it ended by itself).
        var waitStatus: Int32
        /// Whether it was still running at the time limit (and was killed).
        var timedOut: Bool
        /// What it printed, capped.
        var output: String
        /// The mechanisms in force.
        var mechanisms: [SandboxMechanism]
        /// The policy it ran under.
        var policy: SandboxPolicy

        /// The exit code, or -1 when it was killed by a signal.
        var exitCode: Int32 { bpg_status_exit_code(waitStatus) }
        /// The signal that killed it, or 0.
        var signal: Int32 { bpg_status_signal(waitStatus) }
    }

    /// Runs a command line (the executable first) under `policy`.
    ///
    /// - Parameters:
    ///   - arguments: the command line, for the policy it gets.
    ///   - policy: the policy, with or without a minimal root.
    ///   - rootDirectory: the host folder the minimal root is built on.
    ///   - limits: the limits.
    ///   - namespaces: whether to ask for namespaces.
    ///   - isCancelled: polled while it runs.
    /// - Throws: ``SandboxError`` when it cannot start; ``GraderError/cancelled``.
    static func run(
        _ arguments: @escaping @Sendable (SandboxPolicy) -> [String],
        policy: @escaping @Sendable (Bool) -> SandboxPolicy, rootDirectory: String,
        limits: CompileLimits, namespaces: Bool, isCancelled: (@Sendable () -> Bool)? = nil
    ) throws -> Result {
        var fds: [Int32] = [-1, -1]
        let piped = fds.withUnsafeMutableBufferPointer { bpg_pipe_cloexec($0.baseAddress) }
        guard piped == 0 else {
            throw SandboxError.cannotStart(
                process: "the compiler", step: "creating pipes", reason: CError.reason(piped))
        }
        var output = fds[0]
        var input = fds[1]
        defer {
            WorkerPipes.close(&output)
            WorkerPipes.close(&input)
        }
        _ = fcntl(output, F_SETFL, O_NONBLOCK)
        let nullDevice = open("/dev/null", O_RDONLY | O_CLOEXEC)
        defer { if nullDevice >= 0 { close(nullDevice) } }
        let started = Date()
        var process = try SandboxedProcess.start(
            SandboxedProcess.Launch(
                arguments: arguments, descriptors: [nullDevice, input, input],
                limits: bpg_limits(
                    address_space_bytes: limits.memoryBytes, cpu_seconds: UInt64(limits.wallSeconds.rounded(.up)) + 1,
                    processes: limits.processes, open_files: limits.openFiles, file_size_bytes: limits.fileSizeBytes),
                namespaces: namespaces, rootDirectory: rootDirectory, policy: policy, name: "the compiler"))
        WorkerPipes.close(&input)
        var capture = OutputCapture(capBytes: limits.outputCapBytes)
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        let deadline = started.addingTimeInterval(limits.wallSeconds)
        var ended = false
        var cancelled = false
        while !ended {
            let remaining = deadline.timeIntervalSinceNow
            if remaining <= 0 { break }
            if isCancelled?() == true {
                cancelled = true
                break
            }
            var entries = [pollfd(fd: process.statusDescriptor, events: Int16(POLLIN), revents: 0)]
            if output >= 0 { entries.append(pollfd(fd: output, events: Int16(POLLIN), revents: 0)) }
            guard poll(&entries, nfds_t(entries.count), Int32(min(remaining * 1000 + 1, 250))) > 0 else { continue }
            if entries[0].revents != 0 { ended = true }
            // Read what there is (after the end too: the pipe holds the last of it).
            while output >= 0 {
                let count = buffer.withUnsafeMutableBytes { read(output, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                if count < 0 { break }
                if count == 0 {
                    WorkerPipes.close(&output)
                    break
                }
                capture.append(buffer[0..<count])
                if !ended { break }
            }
        }
        process.kill()
        let status = process.reap()
        if cancelled { throw GraderError.cancelled }
        return Result(
            waitStatus: status, timedOut: !ended, output: capture.text, mechanisms: process.mechanisms,
            policy: process.policy)
    }
}
