// The bytes that cross the plugin boundary, version 1.
//
// This file is compiled twice: into the grader (module PluginWire) and, as source, into the plugin
// support module (`BPGPluginSupport`) that the grader builds once with ExerciseKit and that every
// plugin's glue links against. Nothing else is shared across the boundary: no Swift type, no
// protocol, only these bytes. It must therefore stay free of Foundation and of any name a student
// could plausibly use (everything is prefixed `BPGWire`).
//
// A tensor list is little-endian:
//
//     u32 count
//     count times:  u32 rank (0xFFFF_FFFF for "absent", e.g. a nil dW), rank × u64 dims,
//                   product(dims) × f64 scalars (IEEE 754 bit patterns)

/// A tensor as it crosses the plugin boundary: a shape and row-major scalars.
public struct BPGWireTensor: Equatable, Sendable {
    /// The dimensions, outermost first.
    public var shape: [Int]
    /// The elements in row-major order.
    public var scalars: [Double]

    /// Creates a wire tensor; the caller guarantees `scalars.count` is the product of `shape`.
    public init(shape: [Int], scalars: [Double]) {
        self.shape = shape
        self.scalars = scalars
    }
}

/// Encoding and decoding of tensor lists, version ``BPGWireCodec/abiVersion``.
public enum BPGWireCodec {
    /// The version of the plugin ABI: the entry-point signatures and this byte format.
    public static let abiVersion: Int32 = 1

    /// The largest rank and element count accepted when decoding, so hostile bytes cannot make the
    /// decoder allocate without bound.
    public static let maximumRank = 8
    /// See ``maximumRank``.
    public static let maximumElements = 1 << 28

    static let absentRank: UInt32 = 0xFFFF_FFFF

    /// Encodes a list of optional tensors.
    ///
    /// - Parameter tensors: the tensors; `nil` encodes as an absent entry.
    /// - Returns: the bytes, in the format described at the top of this file.
    public static func encode(_ tensors: [BPGWireTensor?]) -> [UInt8] {
        var size = 4
        for tensor in tensors {
            size += 4
            if let tensor { size += 8 * tensor.shape.count + 8 * tensor.scalars.count }
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(size)
        append(UInt32(tensors.count), to: &bytes)
        for tensor in tensors {
            guard let tensor else {
                append(absentRank, to: &bytes)
                continue
            }
            append(UInt32(tensor.shape.count), to: &bytes)
            for dimension in tensor.shape { append(UInt64(bitPattern: Int64(dimension)), to: &bytes) }
            for scalar in tensor.scalars { append(scalar.bitPattern, to: &bytes) }
        }
        return bytes
    }

    /// Decodes a list of optional tensors.
    ///
    /// - Parameter bytes: bytes produced by ``encode(_:)`` (or by anyone: they are validated).
    /// - Returns: the tensors, or `nil` when the bytes are malformed, truncated, carry trailing
    ///   data, or exceed ``maximumRank`` or ``maximumElements``.
    public static func decode(_ bytes: UnsafeRawBufferPointer) -> [BPGWireTensor?]? {
        var reader = Reader(bytes: bytes)
        guard let count = reader.u32(), count <= 64 else { return nil }
        var tensors: [BPGWireTensor?] = []
        for _ in 0..<count {
            guard let rank = reader.u32() else { return nil }
            if rank == absentRank {
                tensors.append(nil)
                continue
            }
            guard rank <= maximumRank else { return nil }
            var shape: [Int] = []
            var elements = 1
            for _ in 0..<rank {
                guard let raw = reader.u64(), raw <= UInt64(maximumElements) else { return nil }
                let dimension = Int(raw)
                shape.append(dimension)
                elements = elements.multipliedReportingOverflow(by: dimension).partialValue
                guard elements <= maximumElements else { return nil }
            }
            guard let scalars = reader.doubles(elements) else { return nil }
            tensors.append(BPGWireTensor(shape: shape, scalars: scalars))
        }
        guard reader.isAtEnd else { return nil }
        return tensors
    }

    /// The shapes of an encoded list (`nil` for an absent entry) and its total scalar count, read
    /// from the headers without copying a scalar; `nil` when the bytes are malformed.
    ///
    /// - Complexity: O(number of tensors), whatever their size.
    public static func shapes(_ bytes: UnsafeRawBufferPointer) -> (shapes: [[Int]?], scalars: Int)? {
        var reader = Reader(bytes: bytes)
        guard let count = reader.u32(), count <= 64 else { return nil }
        var shapes: [[Int]?] = []
        var total = 0
        for _ in 0..<count {
            guard let rank = reader.u32() else { return nil }
            if rank == absentRank {
                shapes.append(nil)
                continue
            }
            guard rank <= maximumRank else { return nil }
            var shape: [Int] = []
            var elements = 1
            for _ in 0..<rank {
                guard let raw = reader.u64(), raw <= UInt64(maximumElements) else { return nil }
                shape.append(Int(raw))
                elements = elements.multipliedReportingOverflow(by: Int(raw)).partialValue
                guard elements <= maximumElements else { return nil }
            }
            guard reader.skip(8 * elements) else { return nil }
            total += elements
            shapes.append(shape)
        }
        guard reader.isAtEnd else { return nil }
        return (shapes, total)
    }

    /// Decodes from a pointer and a length, as handed over a C boundary.
    public static func decode(_ pointer: UnsafePointer<UInt8>?, _ length: Int) -> [BPGWireTensor?]? {
        guard let pointer, length >= 0 else { return nil }
        return decode(UnsafeRawBufferPointer(start: pointer, count: length))
    }

    static func append<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    struct Reader {
        let bytes: UnsafeRawBufferPointer
        var offset = 0

        var isAtEnd: Bool { offset == bytes.count }

        mutating func u32() -> UInt32? {
            guard bytes.count - offset >= 4 else { return nil }
            defer { offset += 4 }
            return UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
        }

        mutating func u64() -> UInt64? {
            guard bytes.count - offset >= 8 else { return nil }
            defer { offset += 8 }
            return UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
        }

        mutating func skip(_ count: Int) -> Bool {
            guard count >= 0, bytes.count - offset >= count else { return false }
            offset += count
            return true
        }

        mutating func doubles(_ count: Int) -> [Double]? {
            guard count >= 0, (bytes.count - offset) / 8 >= count else { return nil }
            let start = offset
            offset += 8 * count
            return [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
                for index in 0..<count {
                    let bits = UInt64(
                        littleEndian: bytes.loadUnaligned(fromByteOffset: start + 8 * index, as: UInt64.self))
                    buffer[index] = Double(bitPattern: bits)
                }
                initialized = count
            }
        }
    }
}
