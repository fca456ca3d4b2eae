import CSandbox

#if canImport(Glibc)
    import Glibc
#endif

/// The four pipes between the grader and a worker: its requests, its result frames, its output and
/// its reports of each class's end.
struct WorkerPipes {
    struct Pair {
        var read: Int32 = -1
        var write: Int32 = -1
    }

    var request = Pair()
    var result = Pair()
    var output = Pair()
    var control = Pair()

    /// Opens the pipes, close-on-exec, the grader's ends non-blocking.
    ///
    /// - Throws: ``SandboxError`` when the system refuses.
    init() throws {
        for keyPath in [\WorkerPipes.request, \WorkerPipes.result, \WorkerPipes.output, \WorkerPipes.control] {
            var fds: [Int32] = [-1, -1]
            let status = fds.withUnsafeMutableBufferPointer { bpg_pipe_cloexec($0.baseAddress) }
            guard status == 0 else {
                closeAll()
                throw SandboxError.cannotStart(
                    process: "a worker", step: "creating pipes", reason: CError.reason(status))
            }
            self[keyPath: keyPath] = Pair(read: fds[0], write: fds[1])
        }
        for fd in [request.write, result.read, output.read, control.read] { _ = fcntl(fd, F_SETFL, O_NONBLOCK) }
        // Room for a whole request of the usual sizes, so that the worker seldom waits on a
        // write (F_SETPIPE_SZ; refused above the system's maximum, which only costs time).
        _ = fcntl(request.write, 1031, Int32(1 << 20))
    }

    /// Closes the worker's ends once it has them.
    mutating func closeChildEnds() {
        WorkerPipes.close(&request.read)
        WorkerPipes.close(&result.write)
        WorkerPipes.close(&output.write)
        WorkerPipes.close(&control.write)
    }

    mutating func closeAll() {
        for keyPath in [\WorkerPipes.request, \WorkerPipes.result, \WorkerPipes.output, \WorkerPipes.control] {
            WorkerPipes.close(&self[keyPath: keyPath].read)
            WorkerPipes.close(&self[keyPath: keyPath].write)
        }
    }

    static func close(_ fd: inout Int32) {
        if fd >= 0 { Glibc.close(fd) }
        fd = -1
    }
}
