// The worker's protocol, version 4, from byte arrays: a request written in pieces reads back whole,
// a class report reads back, and anything else is refused. Pure: no worker.

import Testing
import WorkerRuntime

@Suite("Worker protocol")
struct WorkerProtocolTests {
    @Test("a request, written in pieces without copying its cases, reads back whole")
    func requestRoundTrip() {
        for (forked, singleThreaded) in [(false, false), (true, false), (false, true), (true, true)] {
            let request = WorkerProtocol.Request(
                pluginPath: "/cache/plugins/ab/abc.so", kitLibraryPath: "/cache/kits/k/libExerciseKit.so",
                symbol: "bpg_entry_ReLU", maximumScalars: [4100, 1 << 40],
                cases: [[1, 2, 3][...], Array(repeating: 7, count: 100_000)[...]], forked: forked,
                singleThreaded: singleThreaded, preload: singleThreaded ? ["/usr/lib/swift/linux/libFoundation.so"] : []
            )
            let bytes = Array(WorkerProtocol.encode(request).joined())
            var reader = WorkerProtocol.ByteReader(bytes: bytes)
            let length = reader.u64()
            #expect(length == UInt64(bytes.count - 8))
            let body = Array(bytes.dropFirst(8))
            #expect(WorkerProtocol.decodeRequest(body) == request)
            #expect(WorkerProtocol.decodeRequest(Array(body.dropLast())) == nil)
            #expect(WorkerProtocol.decodeRequest(body + [0]) == nil)
        }
    }

    @Test("a request of another version or with unknown flags is refused")
    func requestVersionAndFlags() {
        let request = WorkerProtocol.Request(
            pluginPath: "p", kitLibraryPath: "k", symbol: "s", maximumScalars: [1], cases: [[9][...]])
        let body = Array(WorkerProtocol.encode(request).joined().dropFirst(8))
        var version = body
        version[4] = 3
        #expect(WorkerProtocol.decodeRequest(version) == nil)
        for known in [1, 2, 3] as [UInt8] {
            var flags = body
            flags[8] = known
            #expect(WorkerProtocol.decodeRequest(flags) != nil)
        }
        for unknown in [4, 8, 0x80] as [UInt8] {
            var flags = body
            flags[8] = unknown
            #expect(WorkerProtocol.decodeRequest(flags) == nil)
        }
        var high = body
        high[11] = 1
        #expect(WorkerProtocol.decodeRequest(high) == nil)
    }

    @Test("a request names at most eight libraries to load first")
    func preloadLimit() {
        for (count, decodes) in [(0, true), (8, true), (9, false)] {
            let request = WorkerProtocol.Request(
                pluginPath: "p", kitLibraryPath: "k", symbol: "s", maximumScalars: [1], cases: [[9][...]],
                preload: (0..<count).map { "/lib\($0).so" })
            let body = Array(WorkerProtocol.encode(request).joined().dropFirst(8))
            #expect((WorkerProtocol.decodeRequest(body) == request) == decodes, "\(count)")
            #expect((WorkerProtocol.decodeRequest(body) != nil) == decodes, "\(count)")
        }
    }

    @Test("a class report reads back; sixteen bytes of anything else do not")
    func classReport() {
        let report = WorkerProtocol.ClassReport(sequence: 3, waitStatus: 9, residue: [.files, .worker])
        let bytes = WorkerProtocol.encode(report)
        #expect(bytes.count == WorkerProtocol.reportSize)
        #expect(WorkerProtocol.decodeReport(bytes) == report)
        #expect(WorkerProtocol.decodeReport([UInt8](repeating: 0, count: 16)) == nil)
        #expect(WorkerProtocol.decodeReport(Array(bytes.dropLast())) == nil)
    }
}
