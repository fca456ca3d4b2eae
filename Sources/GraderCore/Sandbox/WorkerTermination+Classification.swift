import CSandbox

#if canImport(Glibc)
    import Glibc
#endif

extension WorkerTermination {
    /// What the worker's channel said about how its run ended.
    struct ChannelReport: Equatable {
        /// Why the channel stopped being believed, if it did.
        var violation: String?
        /// Whether every case ran (`done`).
        var completed = false
        /// dlerror's text, if the plugin could not be loaded.
        var loadFailure: String?
        /// The entry point that was missing, if one was.
        var missingEntryPoint: String?
        /// The member that reached `notImplemented()`, if one did.
        var notImplemented: String?
    }

    /// How a run ended, from what the channel said, whether the time limit passed, and the wait
    /// status and output of the process. Pure: the rules the verdicts rest on, in order.
    ///
    /// - Parameters:
    ///   - channel: what the frames said.
    ///   - timedOut: whether the wall-clock limit passed before the process ended.
    ///   - waitStatus: the process's wait status (when it ended).
    ///   - output: what it printed (the Swift runtime's crash report is in it).
    ///   - limitSeconds: the time limit, for the message.
    ///   - studentFiles: the submission file names, to find the student's line.
    static func classify(
        channel: ChannelReport, timedOut: Bool, waitStatus: Int32, output: String, limitSeconds: Double,
        studentFiles: [String]
    ) -> WorkerTermination {
        if let violation = channel.violation { return .protocolViolation(message: violation) }
        if channel.completed { return .completed }
        if let message = channel.loadFailure { return .loadFailed(message: message) }
        if let symbol = channel.missingEntryPoint { return .missingEntryPoint(symbol: symbol) }
        let report = CrashReport(output: output, studentFiles: studentFiles)
        if let member = channel.notImplemented {
            let place = report.location.map { " at \($0)" } ?? ""
            return .notImplemented(
                member: member,
                message: "\(member) is not implemented yet: write it in place of the notImplemented call\(place)")
        }
        if timedOut { return .timedOut(limitSeconds: limitSeconds) }
        let signal = bpg_status_signal(waitStatus)
        if report.isAllocationFailure { return .memoryLimit(message: report.summary ?? "allocation failed") }
        if signal == SIGXCPU { return .timedOut(limitSeconds: limitSeconds) }
        if signal != 0 { return .crashed(signal: signal, message: report.describe(signal: signal)) }
        return .exitedWithoutResult(code: bpg_status_exit_code(waitStatus))
    }
}

/// A signal's name, e.g. `SIGILL`.
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
