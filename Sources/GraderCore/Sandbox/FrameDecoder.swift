import PluginWire
import WorkerRuntime

/// Turns the bytes a worker writes on its result channel into events, and anything else into a
/// protocol violation: a pure state machine, fed by the launcher as bytes arrive.
///
/// The worker's process runs student code, so its channel is hostile: every frame is checked
/// against the request (its case indices, the most output each case may return, text payloads of at
/// most a few KiB, times that are finite), each case is answered at most once, `hello` comes first
/// and once, `done` last and only after every case. The first frame that breaks a rule ends the
/// decoding with ``violation`` set; nothing after it is believed.
struct FrameDecoder {
    /// What a frame said.
    enum Event: Equatable {
        case hello
        /// Case `index` returned these outputs (`nil`: bytes that do not decode).
        case result(index: Int, outputs: [CaseOutput]?, seconds: Double)
        /// Case `index`'s entry point refused it (the glue's status code).
        case refused(index: Int, code: UInt32, seconds: Double)
        /// Case `index` reached ExerciseKit's `notImplemented()` in `member`.
        case notImplemented(index: Int, member: String)
        case loadFailed(message: String)
        case missingEntryPoint(symbol: String)
        case done
        case badRequest
        /// The class's process could not restrict itself, so it loaded nothing.
        case setupFailed(message: String)
    }

    /// The number of cases in the request.
    let caseCount: Int
    /// Per case, the most output bytes its result frame may carry.
    let maximumResultBytes: [Int]
    /// Why decoding stopped, once it did.
    private(set) var violation: String?

    private var buffer: [UInt8] = []
    private var offset = 0
    private var helloSeen = false
    private var doneSeen = false
    private var answered: Set<Int> = []
    private var implementedCheckedOut: Set<Int> = []

    /// Creates a decoder for a request of `maximumScalars.count` cases.
    ///
    /// - Parameter maximumScalars: per case, the most output scalars it may return (the request's).
    init(maximumScalars: [UInt64]) {
        caseCount = maximumScalars.count
        // The wire format: a u32 count, per output a u32 rank, at most 8 u64 dimensions and the scalars.
        maximumResultBytes = maximumScalars.map { scalars in
            4 + 64 * (4 + 8 * BPGWireCodec.maximumRank) + 8 * Int(min(scalars, UInt64(BPGWireCodec.maximumElements)))
        }
    }

    /// Feeds bytes; returns the events of the frames they complete.
    mutating func feed<Bytes: Collection>(_ bytes: Bytes) -> [Event] where Bytes.Element == UInt8 {
        guard violation == nil else { return [] }
        buffer.append(contentsOf: bytes)
        var events: [Event] = []
        while buffer.count - offset >= WorkerProtocol.frameHeaderSize {
            var header = WorkerProtocol.ByteReader(
                bytes: Array(buffer[offset..<(offset + WorkerProtocol.frameHeaderSize)]))
            guard header.u32() == WorkerProtocol.frameMagic, let rawKind = header.u32(),
                let kind = WorkerProtocol.FrameKind(rawValue: rawKind), let index = header.u32(),
                let extra = header.u32(), let bits = header.u64(), let length = header.u64()
            else {
                return fail("unexpected bytes on the grader's result channel", events)
            }
            let limit = payloadLimit(kind, index: Int(index))
            guard length <= UInt64(limit) else {
                return fail("a frame of \(length) bytes arrived where at most \(limit) belong", events)
            }
            let end = offset + WorkerProtocol.frameHeaderSize + Int(length)
            guard buffer.count >= end else { break }
            let payload = Array(buffer[(offset + WorkerProtocol.frameHeaderSize)..<end])
            offset = end
            let frame = WorkerProtocol.Frame(
                kind: kind, index: index, extra: extra, seconds: Double(bitPattern: bits), payload: payload)
            guard let event = check(frame) else { return fail(violation ?? "a malformed frame arrived", events) }
            events.append(event)
        }
        if offset > 0 && offset * 2 >= buffer.count {
            buffer.removeFirst(offset)
            offset = 0
        }
        return events
    }

    /// Whether every case was answered and `done` arrived.
    var isComplete: Bool { doneSeen }

    private mutating func fail(_ message: String, _ events: [Event]) -> [Event] {
        // Honest outputs never break a rule (a huge one comes back as its shape alone): whatever
        // does was written by the submission.
        violation = message + " (the submission wrote to descriptor 4?)"
        buffer = []
        offset = 0
        return events
    }

    private func payloadLimit(_ kind: WorkerProtocol.FrameKind, index: Int) -> Int {
        switch kind {
        case .result: index < caseCount ? maximumResultBytes[index] : 0
        case .oversized: 4 + 64 * (4 + 8 * BPGWireCodec.maximumRank)
        case .loadFailed, .missingEntryPoint, .notImplemented, .setupFailed: WorkerProtocol.maximumTextBytes
        case .hello, .entryFailed, .done, .badRequest: 0
        }
    }

    /// The event of a well-formed frame, or `nil` (with ``violation`` set) when it breaks a rule.
    private mutating func check(_ frame: WorkerProtocol.Frame) -> Event? {
        if doneSeen { return refuse("a frame arrived after the last one") }
        if frame.kind != .hello && frame.kind != .badRequest && frame.kind != .setupFailed && !helloSeen {
            return refuse("a frame arrived before the worker said hello")
        }
        guard frame.seconds.isFinite, frame.seconds >= 0, frame.seconds <= 1e6 else {
            return refuse("a frame carried an impossible time (\(frame.seconds) s)")
        }
        let index = Int(frame.index)
        switch frame.kind {
        case .hello:
            if helloSeen { return refuse("a second hello frame arrived") }
            helloSeen = true
            return .hello
        case .result, .entryFailed, .oversized:
            guard index < caseCount else { return refuse("a result for case \(index) arrived; there are \(caseCount)") }
            guard answered.insert(index).inserted else { return refuse("a second result for case \(index) arrived") }
            switch frame.kind {
            case .result:
                let decoded = frame.payload.withUnsafeBytes { BPGWireCodec.decode($0) }
                return .result(
                    index: index, outputs: decoded.map { $0.map { $0.map(CaseOutput.tensor) ?? .absent } },
                    seconds: frame.seconds)
            case .oversized:
                guard let shapes = WorkerProtocol.decodeShapes(frame.payload) else {
                    return refuse("a malformed shape list arrived for case \(index)")
                }
                return .result(
                    index: index, outputs: shapes.map { $0.map { CaseOutput.oversized(shape: $0) } ?? .absent },
                    seconds: frame.seconds)
            default:
                return .refused(index: index, code: frame.extra, seconds: frame.seconds)
            }
        case .notImplemented:
            guard index < caseCount, implementedCheckedOut.insert(index).inserted else {
                return refuse("a frame for case \(index) arrived out of place")
            }
            return .notImplemented(index: index, member: OutputCapture.printable(frame.payload))
        case .loadFailed:
            return .loadFailed(message: OutputCapture.printable(frame.payload))
        case .missingEntryPoint:
            return .missingEntryPoint(symbol: OutputCapture.printable(frame.payload))
        case .done:
            guard index == caseCount, answered.count == caseCount else {
                return refuse("the last frame arrived with \(answered.count) of \(caseCount) cases answered")
            }
            doneSeen = true
            return .done
        case .badRequest:
            // Only the worker's own code sends it, on a request it cannot read, before any class runs.
            if helloSeen { return refuse("a bad-request frame arrived after hello") }
            return .badRequest
        case .setupFailed:
            // Only the worker's own code sends it, before anything of the submission is loaded.
            if helloSeen { return refuse("a setup failure arrived after hello") }
            return .setupFailed(message: OutputCapture.printable(frame.payload))
        }
    }

    private mutating func refuse(_ message: String) -> Event? {
        violation = message
        return nil
    }
}
