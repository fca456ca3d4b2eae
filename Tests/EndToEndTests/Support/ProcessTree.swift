import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The host's processes as /proc shows them, for checking that nothing outlives the grader.
enum ProcessTree {
    /// A process: its pid, parent, state and short name.
    struct Entry: CustomStringConvertible {
        var pid: Int32
        var parent: Int32
        var state: Character
        var name: String
        var description: String { "\(pid) (\(name), parent \(parent), \(state))" }
    }

    /// Every process.
    static func all() -> [Entry] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return names.compactMap { Int32($0) }.compactMap(entry)
    }

    /// One process, or nil when it is gone.
    static func entry(_ pid: Int32) -> Entry? {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/stat") else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        guard let open = text.firstIndex(of: "("), let close = text.lastIndex(of: ")") else { return nil }
        let name = String(text[text.index(after: open)..<close])
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 1, let state = fields[0].first, let parent = Int32(fields[1]) else { return nil }
        return Entry(pid: pid, parent: parent, state: state, name: name)
    }

    /// The descendants of `pid` now (children, their children...).
    static func descendants(of pid: Int32) -> [Entry] {
        let everyone = all()
        var found: [Entry] = []
        var frontier: Set<Int32> = [pid]
        while !frontier.isEmpty {
            let children = everyone.filter { frontier.contains($0.parent) }
            found += children
            frontier = Set(children.map(\.pid))
        }
        return found
    }

    /// The processes of `entries` still alive (zombies waiting to be reaped do not count) after
    /// waiting up to `seconds` for them to go.
    static func survivors(of entries: [Entry], within seconds: Double) -> [Entry] {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            let alive = entries.compactMap { entry(in: $0) }.filter { $0.state != "Z" && $0.state != "X" }
            if alive.isEmpty || Date() >= deadline { return alive }
            usleep(50_000)
        }
    }

    /// The same process now, if it still runs (the pid not reused by another name).
    private static func entry(in old: Entry) -> Entry? {
        guard let now = entry(old.pid), now.name == old.name else { return nil }
        return now
    }

    /// Waits until a descendant of `pid` matches `predicate`, up to `seconds`.
    static func waitForDescendant(of pid: Int32, within seconds: Double, where predicate: (Entry) -> Bool) -> Entry? {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let found = descendants(of: pid).first(where: predicate) { return found }
            usleep(50_000)
        }
        return nil
    }
}
