import WorkerRuntime

#if canImport(Glibc)
    import Glibc
#endif

/// The parent's side of one class in a running worker: feeds the request, reads frames, output and
/// the worker's class report.
struct WorkerExchange {
    /// What one wait on the channels saw end.
    enum Ending: Equatable {
        /// Nothing yet.
        case none
        /// The worker reported the class's end (its process, and all it started, have ended).
        case classEnded(WorkerProtocol.ClassReport)
        /// The worker process itself ended.
        case workerEnded
    }

    var decoder: FrameDecoder
    var capture: OutputCapture
    /// The request's pieces, written one after another, and how far that has come.
    let request: [ArraySlice<UInt8>]
    var piece = 0
    var written = 0
    var results: [Int: WorkerOutcome.CaseResult] = [:]
    var seconds: [Int: Double] = [:]
    var channel = WorkerTermination.ChannelReport()
    /// Why the class's process could not start, if it said so.
    var setupFailure: String?
    /// Whether the worker could not read its request (a worker program of another build).
    var requestRefused = false
    /// A class report that did not parse, or came for another class.
    var reportViolation: String?
    private var reportBytes: [UInt8] = []
    private var buffer = [UInt8](repeating: 0, count: 1 << 16)

    init(decoder: FrameDecoder, capture: OutputCapture, request: [ArraySlice<UInt8>]) {
        self.decoder = decoder
        self.capture = capture
        self.request = request
    }

    /// Waits up to `timeoutMilliseconds` for one of the channels, and handles what is ready.
    ///
    /// - Parameters:
    ///   - status: readable once the worker process has ended.
    ///   - sequence: the number in its worker of the class this exchange is for.
    mutating func pump(_ pipes: inout WorkerPipes, status: Int32, sequence: UInt32, timeoutMilliseconds: Int32)
        -> Ending
    {
        var fds: [pollfd] = []
        if piece < request.count && pipes.request.write >= 0 {
            fds.append(pollfd(fd: pipes.request.write, events: Int16(POLLOUT), revents: 0))
        }
        if pipes.result.read >= 0 { fds.append(pollfd(fd: pipes.result.read, events: Int16(POLLIN), revents: 0)) }
        if pipes.output.read >= 0 { fds.append(pollfd(fd: pipes.output.read, events: Int16(POLLIN), revents: 0)) }
        if pipes.control.read >= 0 { fds.append(pollfd(fd: pipes.control.read, events: Int16(POLLIN), revents: 0)) }
        fds.append(pollfd(fd: status, events: Int16(POLLIN), revents: 0))
        let ready = poll(&fds, nfds_t(fds.count), timeoutMilliseconds)
        guard ready > 0 else { return .none }
        var ending = Ending.none
        for entry in fds where entry.revents != 0 {
            if entry.fd == status {
                if ending == .none { ending = .workerEnded }
            } else if entry.fd == pipes.request.write {
                feedRequest(&pipes)
            } else if entry.fd == pipes.control.read {
                if let report = readReport(&pipes, sequence: sequence) { ending = .classEnded(report) }
            } else {
                read(entry.fd, &pipes)
            }
        }
        return ending
    }

    /// After the class or the worker ended: takes what is still in the pipes, without waiting.
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
        while piece < request.count {
            let count = request[piece].withUnsafeBytes { raw -> Int in
                guard let base = raw.baseAddress, written < raw.count else { return 0 }
                return write(pipes.request.write, base + written, raw.count - written)
            }
            if count < 0 {
                if errno != EAGAIN && errno != EINTR { WorkerPipes.close(&pipes.request.write) }
                return
            }
            written += count
            guard written >= request[piece].count else { return }
            piece += 1
            written = 0
        }
    }

    /// Reads the worker's class report once it is whole.
    private mutating func readReport(_ pipes: inout WorkerPipes, sequence: UInt32) -> WorkerProtocol.ClassReport? {
        let count = buffer.withUnsafeMutableBytes {
            Glibc.read(pipes.control.read, $0.baseAddress, WorkerProtocol.reportSize - reportBytes.count)
        }
        if count < 0 && (errno == EAGAIN || errno == EINTR) { return nil }
        if count <= 0 {
            WorkerPipes.close(&pipes.control.read)
            return nil
        }
        reportBytes += buffer[0..<count]
        guard reportBytes.count == WorkerProtocol.reportSize else { return nil }
        defer { reportBytes = [] }
        guard let report = WorkerProtocol.decodeReport(reportBytes), report.sequence == sequence else {
            reportViolation = "the worker's report of a class did not read as one"
            return nil
        }
        return report
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
        case .badRequest: requestRefused = true
        case .setupFailed(let message): setupFailure = message
        }
    }
}
