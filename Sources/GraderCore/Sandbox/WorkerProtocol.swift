import PluginWire

/// The private protocol between the grader and its worker process, version 2.
///
/// The request travels on the worker's descriptor 3 and is read whole before any student code is
/// loaded. Results come back as frames on descriptor 4 (see ``FrameDecoder``, which trusts nothing
/// in them beyond their bytes: the expected values never leave the parent, so a forged frame can at
/// most claim outputs, which are then checked like any other).
///
/// A frame is a 32-byte header (`u32 magic "BPGR"`, `u32 kind`, `u32 index`, `u32 extra`,
/// `f64 seconds`, `u64 payload length`, all little-endian) and its payload.
enum WorkerProtocol {
    static let requestMagic: UInt32 = 0x5147_5042  // "BPGQ"
    static let frameMagic: UInt32 = 0x5247_5042  // "BPGR"
    static let version: UInt32 = 2
    static let requestDescriptor: Int32 = 3
    static let resultDescriptor: Int32 = 4
    static let frameHeaderSize = 32
    /// The largest text payload (a loader message, a symbol, a member's name) an honest worker sends.
    static let maximumTextBytes = 4096

    /// What a worker is asked to do.
    struct Request: Equatable {
        /// The plugin to load.
        var pluginPath: String
        /// The ExerciseKit library, loaded first.
        var kitLibraryPath: String
        /// The entry point of the class to drive.
        var symbol: String
        /// Per case, the most output scalars the worker sends back: an output larger than this goes
        /// back as its shape alone (a frame of kind `oversized`).
        var maximumScalars: [UInt64]
        /// Each case's inputs, wire-encoded.
        var cases: [[UInt8]]
    }

    /// Frame kinds, worker to parent.
    enum FrameKind: UInt32 {
        /// The worker read its request; nothing of the submission is loaded yet.
        case hello = 1
        /// Case `index` returned: the payload is its output tensor list.
        case result = 2
        /// Case `index`'s entry point returned a non-zero code (`extra`).
        case entryFailed = 3
        /// The plugin could not be loaded: the payload is dlerror's text.
        case loadFailed = 4
        /// The plugin lacks the class's entry point or has another ABI version: the payload names it.
        case missingEntryPoint = 5
        /// All cases ran.
        case done = 6
        /// The request could not be read.
        case badRequest = 7
        /// Case `index` returned outputs too large to send: the payload is their shapes
        /// (`u32 count`, then per output `u32 rank` or 0xFFFF_FFFF for absent, and `rank × u64`).
        case oversized = 8
        /// Case `index` reached ExerciseKit's `notImplemented()`: the payload is the member's name.
        case notImplemented = 9
    }

    /// One frame.
    struct Frame: Equatable {
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
        append(UInt32(request.cases.count), &bytes)
        for (index, payload) in request.cases.enumerated() {
            append(index < request.maximumScalars.count ? request.maximumScalars[index] : 0, &bytes)
            append(UInt64(payload.count), &bytes)
            bytes.append(contentsOf: payload)
        }
        return bytes
    }

    static func decodeRequest(_ bytes: [UInt8]) -> Request? {
        var reader = ByteReader(bytes: bytes)
        guard reader.u32() == requestMagic, reader.u32() == version else { return nil }
        guard let plugin = reader.string(), let kit = reader.string(), let symbol = reader.string(),
            let count = reader.u32(), count <= 100_000
        else { return nil }
        var cases: [[UInt8]] = []
        var maximums: [UInt64] = []
        for _ in 0..<count {
            guard let maximum = reader.u64(), let length = reader.u64(), length <= UInt64(Int.max),
                let payload = reader.bytes(Int(length))
            else { return nil }
            maximums.append(maximum)
            cases.append(payload)
        }
        guard reader.isAtEnd else { return nil }
        return Request(pluginPath: plugin, kitLibraryPath: kit, symbol: symbol, maximumScalars: maximums, cases: cases)
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

    /// The payload of an `oversized` frame: the outputs' shapes.
    static func encodeShapes(_ shapes: [[Int]?]) -> [UInt8] {
        var bytes: [UInt8] = []
        append(UInt32(shapes.count), &bytes)
        for shape in shapes {
            guard let shape else {
                append(UInt32.max, &bytes)
                continue
            }
            append(UInt32(shape.count), &bytes)
            for dimension in shape { append(UInt64(bitPattern: Int64(dimension)), &bytes) }
        }
        return bytes
    }

    /// The shapes of an `oversized` frame, or `nil` when malformed.
    static func decodeShapes(_ payload: [UInt8]) -> [[Int]?]? {
        var reader = ByteReader(bytes: payload)
        guard let count = reader.u32(), count <= 64 else { return nil }
        var shapes: [[Int]?] = []
        for _ in 0..<count {
            guard let rank = reader.u32() else { return nil }
            if rank == UInt32.max {
                shapes.append(nil)
                continue
            }
            guard rank <= UInt32(BPGWireCodec.maximumRank) else { return nil }
            var shape: [Int] = []
            for _ in 0..<rank {
                guard let dimension = reader.u64(), dimension <= UInt64(Int32.max) else { return nil }
                shape.append(Int(dimension))
            }
            shapes.append(shape)
        }
        return reader.isAtEnd ? shapes : nil
    }

    static func append<T: FixedWidthInteger>(_ value: T, _ bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    static func append(_ text: String, _ bytes: inout [UInt8]) {
        let utf8 = Array(text.utf8)
        append(UInt32(utf8.count), &bytes)
        bytes.append(contentsOf: utf8)
    }

    /// Little-endian reading with bounds checks.
    struct ByteReader {
        let bytes: [UInt8]
        var offset = 0

        var isAtEnd: Bool { offset == bytes.count }

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
            guard let length = u32(), length <= 1 << 16, let raw = bytes(Int(length)) else { return nil }
            return String(decoding: raw, as: UTF8.self)
        }
    }
}
