import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A sandboxed process's folder on the host, `<tmp>/<prefix>-<grader pid>-XXXXXX`: `root`, the empty
/// folder its minimal root is built on (inside its own mount namespace, so it stays empty here), and
/// `work`, where it writes when no minimal root can be built.
///
/// The grader's pid in the name lets a later grader remove the folders of one that was killed
/// (``removeStale(prefix:)``), whatever a submission left in them (``TreeRemoval``).
public struct SandboxFolder: Sendable {
    /// The folder.
    public let path: String

    /// Where the minimal root is built.
    var root: String { path + "/root" }
    /// The writable folder without a minimal root.
    var work: String { path + "/work" }

    /// Makes a fresh folder in `parent` (the temporary folder by default).
    ///
    /// - Throws: ``SandboxError/cannotCreateWorkDirectory(path:reason:)``.
    static func make(prefix: String, in parent: String = NSTemporaryDirectory()) throws -> SandboxFolder {
        StaleSweep.shared.runOnce()
        try? FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        var template = Array("\(parent)/\(prefix)-\(getpid())-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer -> Bool in
            guard let base = buffer.baseAddress else { return false }
            return mkdtemp(base) != nil
        }
        let path = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard made else { throw SandboxError.cannotCreateWorkDirectory(path: path, reason: CError.reason(errno)) }
        // Searchable, so that a process with an id of its own reaches its `work` folder by path.
        _ = chmod(path, 0o711)
        for folder in [path + "/root", path + "/work"] where mkdir(folder, 0o700) != 0 {
            let reason = CError.reason(errno)
            try? TreeRemoval.remove(path)
            throw SandboxError.cannotCreateWorkDirectory(path: folder, reason: reason)
        }
        return SandboxFolder(path: path)
    }

    /// Removes the folder and everything in it.
    func remove() {
        try? TreeRemoval.remove(path)
    }

    /// Removes the folders of dead graders in `directories` (see ``removeStale(in:prefixes:)``), once,
    /// just before this process makes its first folder.
    ///
    /// A grader that replays stored reports makes no folder and so lists no temporary folder (on a
    /// shared machine, thousands of names: a good part of a replay's time). One that compiles or
    /// runs a worker sweeps first, as if at its start.
    ///
    /// - Parameter directories: where to look (the temporary folder, and the cache's `work` folder).
    public static func removeStaleBeforeFirstFolder(in directories: [String]) {
        StaleSweep.shared.arm(directories)
    }

    /// Removes the folders of graders that are no longer running (killed before they could clean
    /// up), however deep what a submission left in them. A folder whose grader still runs is left
    /// alone.
    ///
    /// - Parameters:
    ///   - directories: where to look (the temporary folder, and the cache's `work` folder).
    ///   - prefixes: the folder prefixes.
    public static func removeStale(
        in directories: [String] = [NSTemporaryDirectory()], prefixes: [String] = ["bpg-worker", "bpg-compile"]
    ) {
        // readdir, not contentsOfDirectory: the temporary folder of a shared machine holds thousands
        // of names, and only the few with a prefix become Strings.
        let marks = prefixes.map { Array(($0 + "-").utf8) }
        for directory in directories {
            guard let stream = opendir(directory) else { continue }
            var candidates: [(name: String, prefix: String)] = []
            while let entry = readdir(stream) {
                let index = withUnsafeBytes(of: &entry.pointee.d_name) { name in
                    marks.firstIndex { mark in mark.count < name.count && zip(mark, name).allSatisfy { $0 == $1 } }
                }
                guard let index else { continue }
                let name = withUnsafeBytes(of: &entry.pointee.d_name) { name in
                    String(decoding: name.prefix { $0 != 0 }, as: UTF8.self)
                }
                candidates.append((name, prefixes[index]))
            }
            closedir(stream)
            for (name, prefix) in candidates {
                let fields = name.dropFirst(prefix.count + 1).split(separator: "-")
                guard fields.count == 2, let pid = Int32(fields[0]), pid != getpid() else { continue }
                if kill(pid, 0) != 0 && errno == ESRCH { try? TreeRemoval.remove(directory + "/" + name) }
            }
        }
    }
}
