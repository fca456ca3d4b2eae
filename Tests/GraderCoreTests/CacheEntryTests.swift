// Entries of a cache that several graders (several nodes) share land once and are never replaced.

import Foundation
import GraderCore
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite("Shared cache entries")
struct CacheEntryTests {
    func inode(_ path: String) -> UInt64? {
        var info = stat()
        return stat(path, &info) == 0 ? UInt64(info.st_ino) : nil
    }

    @Test func manyGradersLandingOneEntryAtOnceLeaveExactlyOne() throws {
        let folder = NSTemporaryDirectory() + "bpg-cache-entry-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let entry = folder + "/key.so"
        let winners = Mutex<[Int]>([])
        DispatchQueue.concurrentPerform(iterations: 16) { index in
            let temporary = folder + "/.build-\(index)"
            guard FileManager.default.createFile(atPath: temporary, contents: Data("build \(index)".utf8)) else {
                return
            }
            if (try? CacheEntry.land(temporary, at: entry)) == true { winners.withLock { $0.append(index) } }
        }
        let won = try #require(winners.withLock { $0 }.first)
        #expect(winners.withLock { $0 }.count == 1)
        #expect(FileManager.default.contents(atPath: entry) == Data("build \(won)".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["key.so"])
        // A later landing keeps the entry a worker may have loaded: the same file, not a copy.
        let before = inode(entry)
        let late = folder + "/.late"
        #expect(FileManager.default.createFile(atPath: late, contents: Data("late".utf8)))
        #expect(try CacheEntry.land(late, at: entry) == false)
        #expect(inode(entry) == before)
        #expect(!FileManager.default.fileExists(atPath: late))
    }
}
