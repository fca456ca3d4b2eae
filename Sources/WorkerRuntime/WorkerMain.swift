import CSandbox
import PluginWire

#if canImport(Glibc)
    import Glibc
#endif

/// The worker: `grader-worker` (or the grader re-run in its hidden worker mode), inside the sandbox
/// the parent made (namespaces, its minimal root, limits, Landlock and seccomp are in force before
/// its first instruction).
///
/// It reads requests one at a time (see ``WorkerProtocol``). A request marked `forked` runs in a
/// process the worker forks for it (``ClassRunner``): a copy of the worker that has run no student
/// code, so that a class finds nothing of an earlier one in memory, threads, signal handlers or
/// descriptors. Once that process has ended the worker reaps it, checks what the class left behind
/// (processes, files, IPC objects, its own limits and priority: `bpg_class_residue`) and reports on
/// descriptor 5; the grader gives the worker another class only when nothing was. Any other
/// request runs in the worker itself, which then exits, as every worker did before version 3. The
/// libraries the first request names to load first (the toolchain's Foundation, for a plugin that
/// links it) are loaded before its class, and before the state each class is checked against is
/// read. The worker never decides anything about a score.
public enum WorkerMain {
    /// The argument that selects worker mode: `grader __worker`.
    public static let argument = "__worker"

    /// The plugin ABI version this grader speaks.
    public static var abiVersion: Int32 { BPGWireCodec.abiVersion }

    /// Runs the worker and returns its exit code. Only the worker's executables call this.
    public static func run() -> Int32 {
        signal(SIGPIPE, SIG_IGN)
        let dumpable = bpg_worker_begin()
        var initial = bpg_worker_state()
        var sequence: UInt32 = 0
        while true {
            guard let bytes = readRequest() else { return 0 }
            guard let request = WorkerProtocol.decodeRequest(bytes) else {
                ClassRunner.send(.badRequest, payload: [])
                return 3
            }
            if sequence == 0 {
                // Before the first class only, and before the state every class is checked against.
                // A library that does not load is simply not loaded first: the class loads it, and
                // says so if it cannot.
                for path in request.preload { _ = dlopen(path, RTLD_NOW | RTLD_GLOBAL) }
                _ = bpg_worker_state_read(&initial)
            }
            guard request.forked else { ClassRunner.run(request, dumpable: dumpable) }
            let child = fork()
            if child == 0 { ClassRunner.run(request, dumpable: dumpable) }
            var status: Int32 = 0
            if child < 0 {
                ClassRunner.send(.setupFailed, payload: Array("fork: \(String(cString: strerror(errno)))".utf8))
                status = 127 << 8
            } else {
                while waitpid(child, &status, 0) < 0 && errno == EINTR {}
            }
            let residue = bpg_class_residue(&initial)
            let report = WorkerProtocol.encode(
                WorkerProtocol.ClassReport(
                    sequence: sequence, waitStatus: status, residue: WorkerProtocol.Residue(rawValue: residue)))
            guard ClassRunner.write(report, to: WorkerProtocol.reportDescriptor) else { return 4 }
            sequence &+= 1
        }
    }

    /// The next request's body, or `nil` at the end of file (or a broken length).
    static func readRequest() -> [UInt8]? {
        var length: UInt64 = 0
        let got = withUnsafeMutableBytes(of: &length) { readFully(WorkerProtocol.requestDescriptor, $0) }
        guard got == 8 else { return nil }
        let count = UInt64(littleEndian: length)
        guard count <= WorkerProtocol.maximumRequestBytes else { return [] }
        var read = 0
        let body = [UInt8](unsafeUninitializedCapacity: Int(count)) { buffer, initialized in
            read = readFully(WorkerProtocol.requestDescriptor, UnsafeMutableRawBufferPointer(buffer))
            initialized = read
        }
        return read == Int(count) ? body : []
    }

    /// Reads until `buffer` is full or the end of file; returns how many bytes came.
    static func readFully(_ descriptor: Int32, _ buffer: UnsafeMutableRawBufferPointer) -> Int {
        guard let base = buffer.baseAddress else { return 0 }
        var done = 0
        while done < buffer.count {
            let count = read(descriptor, base + done, buffer.count - done)
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            done += count
        }
        return done
    }
}
