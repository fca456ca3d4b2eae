import CSandbox
import PluginWire

#if canImport(Glibc)
    import Glibc
#endif

/// The worker: the grader re-run in its hidden worker mode, inside the sandbox the parent made.
///
/// It reads the whole request first, then locks itself down (Landlock, seccomp), says hello with the
/// mechanisms in force, loads the plugin, and runs each case through the class's entry point,
/// writing one frame per case as soon as it returns. It never decides anything about a score.
public enum WorkerMain {
    /// The argument that selects worker mode: `grader __worker`.
    public static let argument = "__worker"

    /// Runs the worker and returns its exit code. Only the `grader` executable calls this.
    public static func run() -> Int32 {
        signal(SIGPIPE, SIG_IGN)
        guard let request = WorkerProtocol.decodeRequest(readAll(WorkerProtocol.requestDescriptor)) else {
            send(.badRequest, index: 0, extra: 0, seconds: 0, payload: [])
            return 3
        }
        close(WorkerProtocol.requestDescriptor)

        var abi: Int32 = 0
        var mechanisms = withCStrings(request.readPaths) { read in
            withCStrings(request.executePaths) { execute in
                withCStrings(request.writePaths) { write in
                    bpg_landlock_restrict(
                        read.baseAddress, Int32(read.count), execute.baseAddress, Int32(execute.count),
                        write.baseAddress, Int32(write.count), &abi)
                }
            }
        }
        if bpg_seccomp_restrict() == 0 { mechanisms |= UInt32(BPG_MECH_SECCOMP.rawValue) }
        send(.hello, index: UInt32(bitPattern: abi), extra: mechanisms, seconds: 0, payload: [])
        // Standard output is a pipe: line-buffer it, so that what a submission prints before it
        // crashes or runs out of time reaches the report.
        bpg_line_buffer_stdout()

        // The kit first, by path, so the plugin's dependency resolves to it by soname.
        guard dlopen(request.kitLibraryPath, RTLD_NOW | RTLD_GLOBAL) != nil,
            let plugin = dlopen(request.pluginPath, RTLD_NOW | RTLD_LOCAL)
        else {
            let message = dlerror().map { String(cString: $0) } ?? "unknown error"
            send(.loadFailed, index: 0, extra: 0, seconds: 0, payload: Array(message.utf8))
            return 0
        }
        typealias VersionFunction = @convention(c) () -> Int32
        typealias EntryFunction =
            @convention(c) (
                UnsafePointer<UInt8>?, Int, UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>?,
                UnsafeMutablePointer<Int>?
            ) -> Int32
        guard let versionSymbol = dlsym(plugin, "bpg_abi_version"),
            unsafeBitCast(versionSymbol, to: VersionFunction.self)() == BPGWireCodec.abiVersion,
            let entrySymbol = dlsym(plugin, request.symbol)
        else {
            send(.missingEntryPoint, index: 0, extra: 0, seconds: 0, payload: Array(request.symbol.utf8))
            return 0
        }
        let entry = unsafeBitCast(entrySymbol, to: EntryFunction.self)
        for (index, input) in request.cases.enumerated() {
            var output: UnsafeMutablePointer<UInt8>? = nil
            var length = 0
            let started = monotonicSeconds()
            let code = input.withUnsafeBufferPointer { buffer in
                entry(buffer.baseAddress, buffer.count, &output, &length)
            }
            let seconds = monotonicSeconds() - started
            if code == 0, let output {
                send(
                    .result, index: UInt32(index), extra: 0, seconds: seconds,
                    payload: Array(UnsafeBufferPointer(start: output, count: length)))
                free(output)
            } else {
                send(.entryFailed, index: UInt32(index), extra: UInt32(bitPattern: code), seconds: seconds, payload: [])
            }
        }
        send(.done, index: UInt32(request.cases.count), extra: 0, seconds: 0, payload: [])
        // Leave without running anything the submission may have registered to run at exit, but
        // with what it printed and left in a stdio buffer.
        fflush(nil)
        _exit(0)
    }

    static func send(_ kind: WorkerProtocol.FrameKind, index: UInt32, extra: UInt32, seconds: Double, payload: [UInt8])
    {
        let bytes = WorkerProtocol.encode(
            WorkerProtocol.Frame(kind: kind, index: index, extra: extra, seconds: seconds, payload: payload))
        var offset = 0
        bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            while offset < raw.count {
                let written = write(WorkerProtocol.resultDescriptor, base + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += written
            }
        }
    }

    static func readAll(_ descriptor: Int32) -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return bytes
    }

    static func monotonicSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }

    static func withCStrings<R>(_ strings: [String], _ body: (UnsafeBufferPointer<UnsafePointer<CChar>?>) -> R) -> R {
        let duplicates = strings.map { strdup($0) }
        defer {
            for pointer in duplicates { free(pointer) }
        }
        let pointers = duplicates.map { UnsafePointer($0) }
        return pointers.withUnsafeBufferPointer(body)
    }
}
