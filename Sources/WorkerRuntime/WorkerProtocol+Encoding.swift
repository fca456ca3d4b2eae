import PluginWire

/// The bytes of ``WorkerProtocol``'s requests, frames, class reports and shape lists, both ways.
extension WorkerProtocol {
    /// The bytes of a request on descriptor 3 (its length, then the request), in pieces to write
    /// one after another: the cases' inputs are not copied (a MNIST-scale case is a megabyte).
    package static func encode(_ request: Request) -> [ArraySlice<UInt8>] {
        var head: [UInt8] = []
        append(requestMagic, &head)
        append(version, &head)
        append((request.forked ? flagForked : 0) | (request.singleThreaded ? flagSingleThreaded : 0), &head)
        for text in [request.pluginPath, request.kitLibraryPath, request.symbol] { append(text, &head) }
        append(UInt32(request.preload.count), &head)
        for path in request.preload { append(path, &head) }
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
        guard reader.u32() == requestMagic, reader.u32() == version, let flags = reader.u32(),
            flags & ~(flagForked | flagSingleThreaded) == 0
        else { return nil }
        guard let plugin = reader.string(), let kit = reader.string(), let symbol = reader.string(),
            let preloads = reader.u32(), preloads <= maximumPreloads
        else { return nil }
        var preload: [String] = []
        for _ in 0..<preloads {
            guard let path = reader.string() else { return nil }
            preload.append(path)
        }
        guard let count = reader.u32(), count <= 100_000 else { return nil }
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
            forked: flags & flagForked != 0, singleThreaded: flags & flagSingleThreaded != 0, preload: preload)
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
