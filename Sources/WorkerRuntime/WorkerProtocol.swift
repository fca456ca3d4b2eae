import PluginWire

/// The private protocol between the grader and its worker process, version 3.
///
/// A worker serves one plugin for one graded class or more, one after another. Requests travel on
/// the worker's descriptor 3, each a `u64` length and the request itself, and are read whole before
/// anything of the submission is loaded; at the end of file there the worker exits. For each
/// request the worker forks a process of its own (a copy of itself that has run no student code)
/// that runs the class: it says hello, runs each case, and writes one frame per case on descriptor
/// 4 (see `FrameDecoder`, which trusts nothing in them beyond their bytes: the expected values
/// never leave the parent, so a forged frame can at most claim outputs, which are then checked like
/// any other). Once that process and everything it started have ended, the worker writes a class
/// report on descriptor 5, which no process of a class holds.
///
/// A request is `u32 magic "BPGQ"`, `u32 version`, `u32 flags` (1: forked), the plugin's, the kit's
/// and the entry point's paths or names (`u32 length` and UTF-8 each), `u32` the number of cases,
/// and per case `u64` the most output scalars to send back, `u64` a length and the wire-encoded
/// inputs.
///
/// A frame is a 32-byte header (`u32 magic "BPGR"`, `u32 kind`, `u32 index`, `u32 extra`,
/// `f64 seconds`, `u64 payload length`, all little-endian) and its payload. A class report is 16
/// bytes: `u32 magic "BPGE"`, `u32` the class's number in this worker (0 for its first), `i32` the
/// wait status of the class's process, `u32` what the class left behind (``Residue``).
package enum WorkerProtocol {
    package static let requestMagic: UInt32 = 0x5147_5042  // "BPGQ"
    package static let frameMagic: UInt32 = 0x5247_5042  // "BPGR"
    package static let reportMagic: UInt32 = 0x4547_5042  // "BPGE"
    package static let version: UInt32 = 3
    package static let requestDescriptor: Int32 = 3
    package static let resultDescriptor: Int32 = 4
    package static let reportDescriptor: Int32 = 5
    package static let frameHeaderSize = 32
    package static let reportSize = 16
    /// The largest text payload (a loader message, a symbol, a member's name) an honest worker sends.
    package static let maximumTextBytes = 4096
    /// The largest request the worker accepts.
    package static let maximumRequestBytes: UInt64 = 1 << 34

    /// What a worker is asked to do.
    package struct Request: Equatable {
        /// The plugin to load.
        package var pluginPath: String
        /// The ExerciseKit library, loaded first.
        package var kitLibraryPath: String
        /// The entry point of the class to drive.
        package var symbol: String
        /// Per case, the most output scalars the worker sends back: an output larger than this goes
        /// back as its shape alone (a frame of kind `oversized`).
        package var maximumScalars: [UInt64]
        /// Each case's inputs, wire-encoded (slices of the request's bytes in the worker: no copy).
        package var cases: [ArraySlice<UInt8>]
        /// Whether the class runs in a process the worker forks for it, which then reports on
        /// descriptor 5 and waits for another request; else in the worker itself, which then exits.
        package var forked: Bool

        /// Creates a request.
        package init(
            pluginPath: String, kitLibraryPath: String, symbol: String, maximumScalars: [UInt64],
            cases: [ArraySlice<UInt8>], forked: Bool = false
        ) {
            self.pluginPath = pluginPath
            self.kitLibraryPath = kitLibraryPath
            self.symbol = symbol
            self.maximumScalars = maximumScalars
            self.cases = cases
            self.forked = forked
        }
    }

    /// Frame kinds, worker to parent.
    package enum FrameKind: UInt32 {
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
        /// The class's process could not restrict itself, so it loaded nothing: the payload says
        /// why. Only ever before hello.
        case setupFailed = 10
    }

    /// One frame.
    package struct Frame: Equatable {
        package var kind: FrameKind
        package var index: UInt32
        package var extra: UInt32
        package var seconds: Double
        package var payload: [UInt8]

        /// Creates a frame.
        package init(kind: FrameKind, index: UInt32, extra: UInt32, seconds: Double, payload: [UInt8]) {
            self.kind = kind
            self.index = index
            self.extra = extra
            self.seconds = seconds
            self.payload = payload
        }
    }

    /// What a class left behind in its worker: anything makes the worker unfit for another class.
    package struct Residue: OptionSet, Equatable, Sendable {
        package let rawValue: UInt32
        package init(rawValue: UInt32) { self.rawValue = rawValue }

        /// A process it started still runs.
        package static let processes = Residue(rawValue: 1 << 0)
        /// The worker's folder is not as it was: a file in it, or its mode, owner or attributes.
        package static let files = Residue(rawValue: 1 << 1)
        /// A System V shared memory segment, semaphore set or message queue exists.
        package static let ipcObjects = Residue(rawValue: 1 << 2)
        /// Something of the worker process itself changed: a limit, its priority or scheduling,
        /// or a descriptor it shares with the classes' processes.
        package static let worker = Residue(rawValue: 1 << 3)
    }

    /// What the worker says once a class's process, and all it started, have ended.
    package struct ClassReport: Equatable {
        /// The class's number in this worker: 0 for its first.
        package var sequence: UInt32
        /// The wait status of the class's process.
        package var waitStatus: Int32
        /// What the class left behind.
        package var residue: Residue

        /// Creates a report.
        package init(sequence: UInt32, waitStatus: Int32, residue: Residue) {
            self.sequence = sequence
            self.waitStatus = waitStatus
            self.residue = residue
        }
    }

    /// The bytes of a request on descriptor 3 (its length, then the request), in pieces to write
    /// one after another: the cases' inputs are not copied (a MNIST-scale case is a megabyte).
    package static func encode(_ request: Request) -> [ArraySlice<UInt8>] {
        var head: [UInt8] = []
        append(requestMagic, &head)
        append(version, &head)
        append(UInt32(request.forked ? 1 : 0), &head)
        for text in [request.pluginPath, request.kitLibraryPath, request.symbol] { append(text, &head) }
        append(UInt32(request.cases.count), &head)
        var pieces: [ArraySlice<UInt8>] = []
        var length = head.count
        for (index, payload) in request.cases.enumerated() {
            var prefix: [UInt8] = []
            append(index < request.maximumScalars.count ? request.maximumScalars[index] : 0, &prefix)
            append(UInt64(payload.count), &prefix)
            pieces += [prefix[...], payload]
            length += prefix.count + payload.count
        }
        var start: [UInt8] = []
        append(UInt64(length), &start)
        return [(start + head)[...]] + pieces
    }

    /// A request's body (the bytes after its length), or `nil` when malformed.
    package static func decodeRequest(_ bytes: [UInt8]) -> Request? {
        var reader = ByteReader(bytes: bytes)
        guard reader.u32() == requestMagic, reader.u32() == version, let flags = reader.u32(), flags <= 1 else {
            return nil
        }
        guard let plugin = reader.string(), let kit = reader.string(), let symbol = reader.string(),
            let count = reader.u32(), count <= 100_000
        else { return nil }
        var cases: [ArraySlice<UInt8>] = []
        var maximums: [UInt64] = []
        for _ in 0..<count {
            guard let maximum = reader.u64(), let length = reader.u64(), length <= UInt64(Int.max),
                let payload = reader.slice(Int(length))
            else { return nil }
            maximums.append(maximum)
            cases.append(payload)
        }
        guard reader.isAtEnd else { return nil }
        return Request(
            pluginPath: plugin, kitLibraryPath: kit, symbol: symbol, maximumScalars: maximums, cases: cases,
            forked: flags == 1)
    }

    /// The bytes of a frame.
    package static func encode(_ frame: Frame) -> [UInt8] {
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

    /// The bytes of a class report.
    package static func encode(_ report: ClassReport) -> [UInt8] {
        var bytes: [UInt8] = []
        append(reportMagic, &bytes)
        append(report.sequence, &bytes)
        append(UInt32(bitPattern: report.waitStatus), &bytes)
        append(report.residue.rawValue, &bytes)
        return bytes
    }

    /// A class report from its 16 bytes, or `nil` when they are not one.
    package static func decodeReport(_ bytes: [UInt8]) -> ClassReport? {
        var reader = ByteReader(bytes: bytes)
        guard reader.u32() == reportMagic, let sequence = reader.u32(), let status = reader.u32(),
            let residue = reader.u32(), reader.isAtEnd
        else { return nil }
        return ClassReport(
            sequence: sequence, waitStatus: Int32(bitPattern: status), residue: Residue(rawValue: residue))
    }

    /// The payload of an `oversized` frame: the outputs' shapes.
    package static func encodeShapes(_ shapes: [[Int]?]) -> [UInt8] {
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
    package static func decodeShapes(_ payload: [UInt8]) -> [[Int]?]? {
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

    package static func append<T: FixedWidthInteger>(_ value: T, _ bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    package static func append(_ text: String, _ bytes: inout [UInt8]) {
        let utf8 = Array(text.utf8)
        append(UInt32(utf8.count), &bytes)
        bytes.append(contentsOf: utf8)
    }

    /// Little-endian reading with bounds checks.
    package struct ByteReader {
        package let bytes: [UInt8]
        package var offset = 0

        /// Reads `bytes` from the start.
        package init(bytes: [UInt8]) { self.bytes = bytes }

        package var isAtEnd: Bool { offset == bytes.count }

        package mutating func u32() -> UInt32? {
            guard bytes.count - offset >= 4 else { return nil }
            var value: UInt32 = 0
            for shift in 0..<4 { value |= UInt32(bytes[offset + shift]) << (8 * UInt32(shift)) }
            offset += 4
            return value
        }

        package mutating func u64() -> UInt64? {
            guard bytes.count - offset >= 8 else { return nil }
            var value: UInt64 = 0
            for shift in 0..<8 { value |= UInt64(bytes[offset + shift]) << (8 * UInt64(shift)) }
            offset += 8
            return value
        }

        package mutating func bytes(_ count: Int) -> [UInt8]? {
            slice(count).map(Array.init)
        }

        /// The next `count` bytes, without a copy.
        package mutating func slice(_ count: Int) -> ArraySlice<UInt8>? {
            guard count >= 0, bytes.count - offset >= count else { return nil }
            defer { offset += count }
            return bytes[offset..<(offset + count)]
        }

        package mutating func string() -> String? {
            guard let length = u32(), length <= 1 << 16, let raw = bytes(Int(length)) else { return nil }
            return String(decoding: raw, as: UTF8.self)
        }
    }
}
