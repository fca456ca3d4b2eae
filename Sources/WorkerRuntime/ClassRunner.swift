import CSandbox
import PluginWire

#if canImport(Glibc)
    import Glibc
#endif

/// One graded class, run in the process that runs nothing else: a fork of the worker that has run
/// no student code, or the worker itself (see ``WorkerMain``).
///
/// It restricts itself for student code (`bpg_enter_class`), says hello, loads the plugin, and runs
/// each case through the class's entry point, writing one frame per case as soon as it returns (an
/// output far larger than the expected one goes back as its shape alone). Then it leaves, without
/// running anything the submission may have registered to run at exit.
enum ClassRunner {
    /// The case running now, for the not-implemented report (the process is single-threaded).
    nonisolated(unsafe) static var currentCase: UInt32 = 0

    /// Runs `request`'s class in this process, then exits.
    ///
    /// - Parameter dumpable: the worker's dumpable setting after exec, which the class gets back.
    static func run(_ request: WorkerProtocol.Request, dumpable: Int32) -> Never {
        let setup = bpg_enter_class(dumpable, request.forked ? 1 : 0, request.singleThreaded ? 1 : 0)
        guard setup == 0 else {
            let reason = String(cString: strerror(setup))
            send(.setupFailed, payload: Array(reason.utf8.prefix(WorkerProtocol.maximumTextBytes)))
            leave(125)
        }
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
            leave(0)
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
            leave(0)
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
        leave(0)
    }

    /// Leaves without running anything the submission may have registered to run at exit, but with
    /// what it printed and left in a stdio buffer.
    static func leave(_ code: Int32) -> Never {
        fflush(nil)
        _exit(code)
    }

    /// ExerciseKit's `notImplemented()` calls this, then traps.
    private static let reportNotImplemented: @convention(c) (UnsafePointer<CChar>?) -> Void = { member in
        let name = member.map { String(cString: $0) } ?? "?"
        send(.notImplemented, index: ClassRunner.currentCase, payload: Array(name.utf8.prefix(256)))
    }

    /// Writes a frame on the result channel.
    static func send(
        _ kind: WorkerProtocol.FrameKind, index: UInt32 = 0, extra: UInt32 = 0, seconds: Double = 0,
        payload: [UInt8]
    ) {
        _ = write(
            WorkerProtocol.encode(
                WorkerProtocol.Frame(kind: kind, index: index, extra: extra, seconds: seconds, payload: payload)),
            to: WorkerProtocol.resultDescriptor)
    }

    /// Writes all of `bytes`; returns whether it could.
    static func write(_ bytes: [UInt8], to descriptor: Int32) -> Bool {
        var offset = 0
        return bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return true }
            while offset < raw.count {
                let written = Glibc.write(descriptor, base + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += written
            }
            return true
        }
    }

    static func monotonicSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }
}
