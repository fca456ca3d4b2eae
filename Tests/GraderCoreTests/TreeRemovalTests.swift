// What a submission leaves on disk is removed however deep it goes and whatever modes it set;
// folders of killed graders are removed by the next one (WorkDirectoryTests).

import Foundation
import Testing

@testable import GraderCore

#if canImport(Glibc)
    import Glibc
#endif

@Suite("Tree removal")
struct TreeRemovalTests {
    @Test("a tree 3000 levels deep, with unreadable folders and a link out, is removed, and the link's target kept")
    func deepTree() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let keep = scratch.path + "/keep.txt"
        #expect(FileManager.default.createFile(atPath: keep, contents: Data("kept".utf8)))
        let root = scratch.path + "/tree"
        #expect(mkdir(root, 0o755) == 0)
        var descriptor = open(root, O_RDONLY | O_DIRECTORY)
        #expect(descriptor >= 0)
        for level in 0..<3000 {
            #expect(mkdirat(descriptor, "d", 0o755) == 0)
            if level % 500 == 0 { _ = symlinkat(keep, descriptor, "link") }
            let next = openat(descriptor, "d", O_RDONLY | O_DIRECTORY)
            close(descriptor)
            descriptor = next
        }
        close(descriptor)
        // The first level unreadable: the removal must make its way in.
        #expect(chmod(root + "/d", 0) == 0)
        try TreeRemoval.remove(root)
        #expect(!FileManager.default.fileExists(atPath: root))
        #expect(FileManager.default.contents(atPath: keep) == Data("kept".utf8))
    }

    @Test("a missing path is no error; a file is removed")
    func simpleCases() throws {
        try TreeRemoval.remove("/nonexistent/bpg-\(UUID().uuidString)")
        let scratch = try Scratch()
        defer { scratch.remove() }
        #expect(FileManager.default.createFile(atPath: scratch.path + "/f", contents: Data()))
        try TreeRemoval.remove(scratch.path + "/f")
        #expect(!FileManager.default.fileExists(atPath: scratch.path + "/f"))
    }
}

@Suite("Configuration locator")
struct ConfigurationLocatorTests {
    let home = GraderHome(root: "/opt/grader", cacheDirectory: "/c")

    @Test("--config, then GRADER_CONFIG, then grader.json here or above, then the built-in course")
    func order() {
        let files: Set<String> = ["/course/grader.json"]
        func locate(option: String? = nil, environment: [String: String] = [:], at folder: String) -> (
            String, ConfigurationLocator.Source
        ) {
            let found = ConfigurationLocator.locate(
                option: option, environment: environment, workingDirectory: folder, home: home,
                exists: { files.contains($0) })
            return (found.path, found.source)
        }
        #expect(
            locate(option: "x.json", environment: ["GRADER_CONFIG": "e.json"], at: "/course") == ("x.json", .option))
        #expect(locate(environment: ["GRADER_CONFIG": "e.json"], at: "/course") == ("e.json", .environment))
        #expect(locate(at: "/course/students/ann") == ("/course/grader.json", .discovered))
        #expect(locate(at: "/elsewhere") == ("/opt/grader/grader.json", .builtIn))
    }
}
