// Tests of the plugin wire format (PluginWire) and of the SHA-256 used for cache keys.

import GraderCore
import PluginWire
import TestSupport
import Testing

/// Decodes a byte array.
private func decode(_ bytes: [UInt8]) -> [BPGWireTensor?]? {
    bytes.withUnsafeBytes { BPGWireCodec.decode($0) }
}

/// Whether two tensor lists are equal bit for bit (NaN payloads and the sign of zero included).
private func identical(_ a: [BPGWireTensor?], _ b: [BPGWireTensor?]) -> Bool {
    guard a.count == b.count else { return false }
    for (x, y) in zip(a, b) {
        switch (x, y) {
        case (nil, nil): continue
        case (let x?, let y?):
            guard x.shape == y.shape, x.scalars.map(\.bitPattern) == y.scalars.map(\.bitPattern) else { return false }
        default: return false
        }
    }
    return true
}

/// Little-endian bytes of an integer.
private func le<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
    withUnsafeBytes(of: value.littleEndian) { Array($0) }
}

/// The wire format and the digest, as two suites under one name for `--filter WireAndHashTests`.
@Suite("Wire format and SHA-256")
struct WireAndHashTests {}

extension WireAndHashTests {
    @Suite("Wire format")
    struct WireFormat {
        static let mixed: [BPGWireTensor?] = [
            // A subnormal among them (-0x1p-1030, written exactly).
            BPGWireTensor(shape: [2, 3], scalars: [1, -2.5, 0.1, 1e300, -0x1p-1030, 42]),
            nil,
            BPGWireTensor(shape: [], scalars: [3.5]),  // rank 0: a scalar
            BPGWireTensor(shape: [0, 4], scalars: []),  // empty
            BPGWireTensor(shape: [0], scalars: []),
            BPGWireTensor(shape: [1, 1, 1, 2], scalars: [.nan, -0.0]),
            BPGWireTensor(shape: [3], scalars: [.infinity, -.infinity, Double(bitPattern: 0x7FF0_0000_0000_0001)]),
            nil,
        ]

        @Test("a mixed list round-trips bit for bit: nil entries, rank 0, empty tensors, NaN, -0, infinities")
        func roundTrip() throws {
            let bytes = BPGWireCodec.encode(Self.mixed)
            let decoded = try #require(decode(bytes))
            #expect(identical(decoded, Self.mixed))
            #expect(decoded[1] == nil && decoded[7] == nil)
            #expect(decoded[2]?.shape == [] && decoded[2]?.scalars == [3.5])
            #expect(decoded[3]?.shape == [0, 4] && decoded[3]?.scalars == [])
            // The encoded size is exactly the format's: 4 + per entry 4 + 8·rank + 8·count.
            let size = 4 + Self.mixed.reduce(0) { $0 + 4 + ($1.map { 8 * $0.shape.count + 8 * $0.scalars.count } ?? 0) }
            #expect(bytes.count == size)
            // The pointer-and-length entry point agrees.
            let viaPointer = bytes.withUnsafeBufferPointer { BPGWireCodec.decode($0.baseAddress, $0.count) }
            #expect(identical(try #require(viaPointer), Self.mixed))
        }

        @Test("an empty list is four zero bytes and round-trips")
        func emptyList() throws {
            let bytes = BPGWireCodec.encode([])
            #expect(bytes == [0, 0, 0, 0])
            #expect(try #require(decode(bytes)).isEmpty)
        }

        @Test("the byte layout is the documented little-endian one")
        func layout() {
            let bytes = BPGWireCodec.encode([BPGWireTensor(shape: [2], scalars: [1, -2]), nil])
            let expected: [UInt8] =
                le(UInt32(2))
                + le(UInt32(1)) + le(UInt64(2)) + le((1.0).bitPattern) + le((-2.0).bitPattern)
                + [0xFF, 0xFF, 0xFF, 0xFF]
            #expect(bytes == expected)
            #expect(Array(bytes[16..<24]) == [0, 0, 0, 0, 0, 0, 0xF0, 0x3F])
            #expect(BPGWireCodec.abiVersion == 1)
        }

        @Test("every truncation of a valid encoding is refused")
        func truncated() {
            let bytes = BPGWireCodec.encode(Self.mixed)
            for length in 0..<bytes.count {
                #expect(decode(Array(bytes.prefix(length))) == nil, "prefix of \(length) of \(bytes.count) bytes")
            }
        }

        @Test("trailing bytes after a valid encoding are refused", arguments: [1, 3, 4, 8])
        func trailing(extra: Int) {
            let bytes = BPGWireCodec.encode(Self.mixed) + [UInt8](repeating: 0, count: extra)
            #expect(decode(bytes) == nil)
            #expect(decode(BPGWireCodec.encode([]) + [UInt8](repeating: 0, count: extra)) == nil)
        }

        @Test("oversized headers are refused before allocating")
        func oversized() {
            // More than 64 entries.
            #expect(decode(le(UInt32(65)) + [UInt8](repeating: 0xFF, count: 4 * 65)) == nil)
            #expect(decode(le(UInt32(64)) + [UInt8](repeating: 0xFF, count: 4 * 64))?.count == 64)
            #expect(decode(le(UInt32.max)) == nil)
            // A rank above the maximum.
            let rank9 =
                le(UInt32(1)) + le(UInt32(BPGWireCodec.maximumRank + 1)) + (0..<9).flatMap { _ in le(UInt64(1)) }
                + le((1.0).bitPattern)
            #expect(decode(rank9) == nil)
            let rank8 =
                le(UInt32(1)) + le(UInt32(BPGWireCodec.maximumRank)) + (0..<8).flatMap { _ in le(UInt64(1)) }
                + le((1.0).bitPattern)
            let decoded8 = decode(rank8)
            #expect(decoded8?.count == 1)
            #expect(decoded8?[0]?.shape == [1, 1, 1, 1, 1, 1, 1, 1])
            // A dimension above the element limit, or a huge one that would be negative as Int64.
            #expect(decode(le(UInt32(1)) + le(UInt32(1)) + le(UInt64(BPGWireCodec.maximumElements + 1))) == nil)
            #expect(decode(le(UInt32(1)) + le(UInt32(1)) + le(UInt64.max)) == nil)
            // Dimensions each within the limit whose product is not.
            let product = le(UInt32(1)) + le(UInt32(2)) + le(UInt64(1 << 15)) + le(UInt64(1 << 14))
            #expect(decode(product) == nil)
            // A header claiming many elements with few bytes behind it.
            #expect(decode(le(UInt32(1)) + le(UInt32(1)) + le(UInt64(1000)) + le((1.0).bitPattern)) == nil)
        }

        @Test("an entry count larger than the entries present is refused")
        func missingEntries() {
            var bytes = BPGWireCodec.encode([BPGWireTensor(shape: [1], scalars: [2])])
            bytes[0] = 2
            #expect(decode(bytes) == nil)
        }

        @Test("a null pointer or negative length is refused")
        func nullPointer() {
            #expect(BPGWireCodec.decode(nil, 0) == nil)
            let bytes = BPGWireCodec.encode([])
            #expect(bytes.withUnsafeBufferPointer { BPGWireCodec.decode($0.baseAddress, -1) } == nil)
        }
    }

    @Suite("SHA-256")
    struct Digest {
        @Test(
            "the FIPS 180-4 and common test vectors",
            arguments: [
                ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
                ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
                (
                    "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
                    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
                ),
                (
                    "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
                    "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"
                ),
                (
                    "The quick brown fox jumps over the lazy dog",
                    "d7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592"
                ),
            ])
        func vectors(message: String, digest: String) {
            #expect(SHA256.hex(Array(message.utf8)) == digest)
        }

        /// Lengths around the padding boundaries (55/56 bytes: the length still fits the block or not;
        /// 63/64/65: one block exactly, and just past it), checked against `sha256sum`.
        @Test(
            "lengths around the block and padding boundaries",
            arguments: [
                (55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"),
                (56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"),
                (63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"),
                (64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"),
                (65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0"),
                (119, "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb"),
                (120, "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c"),
                (128, "6836cf13bac400e9105071cd6af47084dfacad4e5e302c94bfed24e013afb73e"),
            ])
        func boundaries(length: Int, digest: String) {
            #expect(SHA256.hex([UInt8](repeating: UInt8(ascii: "a"), count: length)) == digest)
        }

        @Test("one million 'a'")
        func millionA() {
            #expect(
                SHA256.hex([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))
                    == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        }

        @Test("incremental updates in any split give the one-shot digest; hexDigest does not consume")
        func incremental() {
            let message = Array(
                "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu"
                    .utf8)
            let oneShot = SHA256.hex(message)
            for split in [0, 1, 55, 63, 64, 65, 100, message.count] {
                var digest = SHA256()
                digest.update(message[..<split])
                let partial = digest.hexDigest()
                #expect(partial == SHA256.hex(message[..<split]))
                #expect(digest.hexDigest() == partial)
                digest.update(message[split...])
                #expect(digest.hexDigest() == oneShot, "split at \(split)")
            }
        }

        @Test("fields are separated, so (\"ab\", \"c\") and (\"a\", \"bc\") differ")
        func fields() {
            var first = SHA256()
            first.update(field: "ab")
            first.update(field: "c")
            var second = SHA256()
            second.update(field: "a")
            second.update(field: "bc")
            #expect(first.hexDigest() == "629c2f14f654f026086f2aefe1855533d0897f49df86a19073be17b237361b09")
            #expect(second.hexDigest() == "aa795aa4bbb6117911ef062e271bcb05ccfd58ea439da7d46a44e3a3fcefa790")
        }
    }
}
