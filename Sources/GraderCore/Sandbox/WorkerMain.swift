import CSandbox
import PluginWire

#if canImport(Glibc)
    import Glibc
#endif

/// The worker: the grader re-run in its hidden worker mode, inside the sandbox the parent made
/// (namespaces, its minimal root, limits, Landlock and seccomp are in force before its first
/// instruction).
///
/// It reads the whole request, says hello, loads the plugin, and runs each case through the class's
/// entry point, writing one frame per case as soon as it returns (an output far larger than the
/// expected one goes back as its shape alone). It never decides anything about a score.
public enum WorkerMain {
    /// The argument that selects worker mode: `grader __worker`.
    public static let argument = "__worker"

    /// The plugin ABI version this grader speaks.
    public static var abiVersion: Int32 { BPGWireCodec.abiVersion }

    /// The case running now, for the not-implemented report (the worker is single-threaded).
    nonisolated(unsafe) static var currentCase: UInt32 = 0

    /// Runs the worker and returns its exit code. Only the `grader` executable calls this.
    public static func run() -> Int32 {
        signal(SIGPIPE, SIG_IGN)
        guard let request = WorkerProtocol.decodeRequest(readAll(WorkerProtocol.requestDescriptor)) else {
            send(.badRequest, payload: [])
            return 3
        }
        close(WorkerProtocol.requestDescriptor)
        send(.hello, payload: [])
        // Standard output is a pipe: line-buffer it, so that what a submission prints before it
        // crashes or runs out of time reaches the report.
        bpg_line_buffer_stdout()

        // The kit first, by path, so the plugin's dependency resolves to it by soname.
        guard let kit = dlopen(request.kitLibraryPath, RTLD_NOW | RTLD_GLOBAL),
            let plugin = dlopen(request.pluginPath, RTLD_NOW | RTLD_LOCAL)
        else {
            let message = dlerror().map { String(cString: $0) } ?? "unknown error"
            send(.loadFailed, payload: Array(message.utf8.prefix(WorkerProtocol.maximumTextBytes)))
            return 0
        }
        typealias Report = @convention(c) (UnsafePointer<CChar>?) -> Void
        typealias SetReport = @convention(c) (Report?) -> Void
        if let setter = dlsym(kit, "bpg_exercisekit_set_not_implemented_report") {
            unsafeBitCast(setter, to: SetReport.self)(reportNotImplemented)
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
            send(.missingEntryPoint, payload: Array(request.symbol.utf8.prefix(WorkerProtocol.maximumTextBytes)))
            return 0
        }
        let entry = unsafeBitCast(entrySymbol, to: EntryFunction.self)
        for (index, input) in request.cases.enumerated() {
            currentCase = UInt32(index)
            var output: UnsafeMutablePointer<UInt8>? = nil
            var length = 0
            let started = monotonicSeconds()
            let code = input.withUnsafeBufferPointer { buffer in
                entry(buffer.baseAddress, buffer.count, &output, &length)
            }
            let seconds = monotonicSeconds() - started
            guard code == 0, let output else {
                send(.entryFailed, index: UInt32(index), extra: UInt32(bitPattern: code), seconds: seconds, payload: [])
                continue
            }
            let bytes = UnsafeRawBufferPointer(start: output, count: length)
            if let scanned = BPGWireCodec.shapes(bytes), UInt64(scanned.scalars) > request.maximumScalars[index] {
                send(
                    .oversized, index: UInt32(index), seconds: seconds,
                    payload: WorkerProtocol.encodeShapes(scanned.shapes))
            } else {
                send(.result, index: UInt32(index), seconds: seconds, payload: Array(bytes))
            }
            free(output)
        }
        send(.done, index: UInt32(request.cases.count), payload: [])
        // Leave without running anything the submission may have registered to run at exit, but
        // with what it printed and left in a stdio buffer.
        fflush(nil)
        _exit(0)
    }

    /// ExerciseKit's `notImplemented()` calls this, then traps.
    private static let reportNotImplemented: @convention(c) (UnsafePointer<CChar>?) -> Void = { member in
        let name = member.map { String(cString: $0) } ?? "?"
        send(.notImplemented, index: WorkerMain.currentCase, payload: Array(name.utf8.prefix(256)))
    }

    static func send(
        _ kind: WorkerProtocol.FrameKind, index: UInt32 = 0, extra: UInt32 = 0, seconds: Double = 0,
        payload: [UInt8]
    ) {
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
}
