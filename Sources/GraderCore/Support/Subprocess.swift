import CSandbox
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Runs a trusted tool (the compiler) and collects its output.
///
/// Never used for student code, which runs only in the sandboxed worker. It uses `posix_spawn`
/// directly: Foundation's `Process` costs about 50 ms a run here (it starts a run-loop thread),
/// a quarter of a small compile.
enum Subprocess {
    struct Result {
        var status: Int32
        var output: String
    }

    /// Runs `executable` with `arguments`, merging standard output and error; standard input is
    /// `/dev/null`.
    ///
    /// - Parameters:
    ///   - executable: the tool.
    ///   - arguments: its arguments.
    ///   - workingDirectory: where it runs (the grader's own folder by default): it is started by
    ///     `/bin/sh -c 'cd -- "$0" && exec "$@"'`, since `posix_spawn` has no portable way to change it.
    ///   - environment: its environment, `NAME=value` (the grader's by default).
    /// - Throws: ``ToolchainError/cannotRun(path:reason:)`` when it cannot be started.
    static func run(
        _ executable: String, _ arguments: [String], workingDirectory: String? = nil, environment: [String]? = nil
    ) throws -> Result {
        if let workingDirectory {
            let script = #"cd -- "$0" && exec "$@""#
            return try run(
                "/bin/sh", ["-c", script, workingDirectory, executable] + arguments, environment: environment)
        }
        var fds: [Int32] = [-1, -1]
        let piped = fds.withUnsafeMutableBufferPointer { bpg_pipe_cloexec($0.baseAddress) }
        guard piped == 0 else {
            throw ToolchainError.cannotRun(path: executable, reason: String(cString: strerror(piped)))
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        // dup2 clears close-on-exec on the targets; every other descriptor of ours is close-on-exec.
        posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
        posix_spawn_file_actions_adddup2(&actions, fds[1], 2)
        var pid: pid_t = 0
        let status = withCStringArray([executable] + arguments) { argv in
            guard let environment else { return posix_spawn(&pid, executable, &actions, nil, argv, environ) }
            return withCStringArray(environment) { envp in posix_spawn(&pid, executable, &actions, nil, argv, envp) }
        }
        close(fds[1])
        guard status == 0 else {
            close(fds[0])
            throw ToolchainError.cannotRun(path: executable, reason: String(cString: strerror(status)))
        }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fds[0], $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            output.append(contentsOf: chunk[0..<count])
        }
        close(fds[0])
        var waitStatus: Int32 = 0
        while waitpid(pid, &waitStatus, 0) < 0 && errno == EINTR {}
        let code = bpg_status_exit_code(waitStatus)
        return Result(
            status: code >= 0 ? code : 128 + bpg_status_signal(waitStatus),
            output: String(decoding: output, as: UTF8.self))
    }
}
