import PluginWire

/// The private protocol between the grader and its worker process, version 1.
///
/// The request travels on the worker's descriptor 3 and is read whole before any student code is
/// loaded. Results come back as frames on descriptor 4. The parent trusts nothing in a frame beyond
/// its bytes: the expected values never leave the parent, so a forged frame can at most claim
/// outputs, which are then checked like any other.
enum WorkerProtocol {
    static let requestMagic: UInt32 = 0x5147_5042  // "BPGQ"
    static let frameMagic: UInt32 = 0x5247_5042  // "BPGR"
    static let version: UInt32 = 1
    static let requestDescriptor: Int32 = 3
    static let resultDescriptor: Int32 = 4
    static let frameHeaderSize = 32

    /// What a worker is asked to do.
    struct Request: Equatable {
        var pluginPath: String
        var kitLibraryPath: String
        var symbol: String
        var readPaths: [String]
        var executePaths: [String]
        var writePaths: [String]
        var cases: [[UInt8]]
    }

    /// Frame kinds, worker to parent.
    enum FrameKind: UInt32 {
        /// The sandbox is in place: `extra` holds the mechanism bits, `index` the Landlock ABI.
        case hello = 1
        /// Case `index` returned: the payload is its output tensor list.
        case result = 2
        /// Case `index`'s entry point returned a non-zero code (`extra`).
        case entryFailed = 3
        /// The plugin could not be loaded: the payload is dlerror's text.
        case loadFailed = 4
        /// The plugin lacks the class's entry point or has another ABI version.
        case missingEntryPoint = 5
        /// All cases ran.
        case done = 6
        /// The request could not be read.
        case badRequest = 7
    }

    struct Frame {
        var kind: FrameKind
        var index: UInt32
        var extra: UInt32
        var seconds: Double
        var payload: [UInt8]
    }

    static func encode(_ request: Request) -> [UInt8] {
        var bytes: [UInt8] = []
        append(requestMagic, &bytes)
        append(version, &bytes)
        for text in [request.pluginPath, request.kitLibraryPath, request.symbol] { append(text, &bytes) }
        for list in [request.readPaths, request.executePaths, request.writePaths] {
            append(UInt32(list.count), &bytes)
            for text in list { append(text, &bytes) }
        }
        append(UInt32(request.cases.count), &bytes)
        for payload in request.cases {
            append(UInt64(payload.count), &bytes)
            bytes.append(contentsOf: payload)
        }
        return bytes
    }

    static func decodeRequest(_ bytes: [UInt8]) -> Request? {
        var reader = ByteReader(bytes: bytes)
        guard reader.u32() == requestMagic, reader.u32() == version else { return nil }
        guard let plugin = reader.string(), let kit = reader.string(), let symbol = reader.string() else { return nil }
        var lists: [[String]] = []
        for _ in 0..<3 {
            guard let count = reader.u32(), count < 256 else { return nil }
            var list: [String] = []
            for _ in 0..<count {
                guard let text = reader.string() else { return nil }
                list.append(text)
            }
            lists.append(list)
        }
        guard let caseCount = reader.u32(), caseCount < 100_000 else { return nil }
        var cases: [[UInt8]] = []
        for _ in 0..<caseCount {
            guard let length = reader.u64(), let payload = reader.bytes(Int(clamping: length)) else { return nil }
            cases.append(payload)
        }
        return Request(
            pluginPath: plugin, kitLibraryPath: kit, symbol: symbol, readPaths: lists[0], executePaths: lists[1],
            writePaths: lists[2], cases: cases)
    }

    static func encode(_ frame: Frame) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(frameHeaderSize + frame.payload.count)
        append(frameMagic, &bytes)
        append(frame.kind.rawValue, &bytes)
        append(frame.index, &bytes)
        append(frame.extra, &bytes)
        append(frame.seconds.bitPattern, &bytes)
        append(UInt64(frame.payload.count), &bytes)
        bytes.append(contentsOf: frame.payload)
        return bytes
    }

    /// Splits complete frames off the front of `buffer`.
    ///
    /// - Returns: the frames, or `nil` when the bytes are not frames (bad magic or kind, or a payload
    ///   larger than `maximumPayload`): someone else wrote on the channel.
    static func takeFrames(from buffer: inout [UInt8], maximumPayload: Int) -> [Frame]? {
        var frames: [Frame] = []
        var offset = 0
        while buffer.count - offset >= frameHeaderSize {
            var reader = ByteReader(bytes: buffer, offset: offset)
            guard reader.u32() == frameMagic, let rawKind = reader.u32(), let kind = FrameKind(rawValue: rawKind),
                let index = reader.u32(), let extra = reader.u32(), let bits = reader.u64(), let length = reader.u64(),
                length <= UInt64(maximumPayload)
            else { return nil }
            let end = offset + frameHeaderSize + Int(length)
            guard buffer.count >= end else { break }
            let payload = Array(buffer[(offset + frameHeaderSize)..<end])
            frames.append(
                Frame(kind: kind, index: index, extra: extra, seconds: Double(bitPattern: bits), payload: payload))
            offset = end
        }
        if offset > 0 { buffer.removeFirst(offset) }
        return frames
    }

    static func append<T: FixedWidthInteger>(_ value: T, _ bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    static func append(_ text: String, _ bytes: inout [UInt8]) {
        let utf8 = Array(text.utf8)
        append(UInt32(utf8.count), &bytes)
        bytes.append(contentsOf: utf8)
    }

    struct ByteReader {
        let bytes: [UInt8]
        var offset = 0

        mutating func u32() -> UInt32? {
            guard bytes.count - offset >= 4 else { return nil }
            var value: UInt32 = 0
            for shift in 0..<4 { value |= UInt32(bytes[offset + shift]) << (8 * UInt32(shift)) }
            offset += 4
            return value
        }

        mutating func u64() -> UInt64? {
            guard bytes.count - offset >= 8 else { return nil }
            var value: UInt64 = 0
            for shift in 0..<8 { value |= UInt64(bytes[offset + shift]) << (8 * UInt64(shift)) }
            offset += 8
            return value
        }

        mutating func bytes(_ count: Int) -> [UInt8]? {
            guard count >= 0, bytes.count - offset >= count else { return nil }
            defer { offset += count }
            return Array(bytes[offset..<(offset + count)])
        }

        mutating func string() -> String? {
            guard let length = u32(), let raw = bytes(Int(length)) else { return nil }
            return String(decoding: raw, as: UTF8.self)
        }
    }
}
