#if canImport(Glibc)
    import Glibc
#endif

/// Removes a directory tree however deep it is and whatever it holds.
///
/// `FileManager.removeItem` walks by path, and a tree deeper than `PATH_MAX` (a submission can make
/// one of 3000 levels) defeats it. This walks by descriptor (`openat`, `unlinkat`), never follows a
/// symbolic link, makes a directory it may not enter searchable first (a submission can `chmod 000`
/// its folders), and holds at most ``maximumDepth`` directories open: a subtree deeper than that is
/// moved up to the top (`renameat`) and removed from there.
enum TreeRemoval {
    /// How many directories the walk keeps open at once.
    static let maximumDepth = 32

    /// Removes `path` and everything under it. A missing path is no error.
    ///
    /// - Throws: ``CError`` when something could not be removed.
    static func remove(_ path: String) throws {
        var info = stat()
        if lstat(path, &info) != 0 {
            if errno == ENOENT { return }
            throw CError.current("inspecting \(path)")
        }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            guard unlink(path) == 0 || errno == ENOENT else { throw CError.current("removing \(path)") }
            return
        }
        _ = chmod(path, 0o700)
        let top = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard top >= 0 else { throw CError.current("opening \(path)") }
        defer { close(top) }
        try empty(top, path: path)
        guard rmdir(path) == 0 || errno == ENOENT else { throw CError.current("removing \(path)") }
    }

    /// Empties the directory open at `top`, depth first.
    private static func empty(_ top: Int32, path: String) throws {
        // The open directories from the top down, each with its name in its parent.
        var stack: [(descriptor: Int32, name: [UInt8])] = []
        defer {
            for entry in stack { close(entry.descriptor) }
        }
        let first = dup(top)
        guard first >= 0 else { throw CError.current("walking \(path)") }
        stack.append((first, []))
        var hoisted = 0
        while let current = stack.last {
            guard let child = try removeFiles(in: current.descriptor) else {
                // `current` is empty: remove it from its parent (the top itself stays).
                close(current.descriptor)
                stack.removeLast()
                guard let parent = stack.last else { return }
                if current.name.withCString({ unlinkat(parent.descriptor, $0, AT_REMOVEDIR) }) != 0 && errno != ENOENT {
                    throw CError.current("removing a folder under \(path)")
                }
                continue
            }
            if stack.count >= maximumDepth {
                // Too deep to keep descending with open descriptors: move the subtree to the top.
                var name: [UInt8]
                var taken = stat()
                repeat {
                    hoisted += 1
                    name = Array(".bpg-removal-\(hoisted)".utf8)
                } while name.withCString({ fstatat(top, $0, &taken, AT_SYMLINK_NOFOLLOW) }) == 0
                let moved = child.withCString { from in
                    name.withCString { to in renameat(current.descriptor, from, top, to) }
                }
                guard moved == 0 else { throw CError.current("moving a deep folder up in \(path)") }
                continue
            }
            _ = child.withCString { fchmodat(current.descriptor, $0, 0o700, 0) }
            let next = child.withCString {
                openat(current.descriptor, $0, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            }
            guard next >= 0 else { throw CError.current("opening a folder under \(path)") }
            stack.append((next, child))
        }
    }

    /// Unlinks every entry of `directory` that is not a directory, and returns the name of one that
    /// is, or `nil` when none is left.
    private static func removeFiles(in directory: Int32) throws -> [UInt8]? {
        let listing = dup(directory)
        guard listing >= 0 else { throw CError.current("listing a folder") }
        guard let stream = fdopendir(listing) else {
            close(listing)
            throw CError.current("listing a folder")
        }
        defer { closedir(stream) }
        rewinddir(stream)
        var found: [UInt8]?
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in Array(raw.prefix { $0 != 0 }) }
            if name == [0x2E] || name == [0x2E, 0x2E] { continue }
            var isDirectory = entry.pointee.d_type == UInt8(DT_DIR)
            if entry.pointee.d_type == UInt8(DT_UNKNOWN) {
                var info = stat()
                isDirectory =
                    name.withCString { fstatat(directory, $0, &info, AT_SYMLINK_NOFOLLOW) } == 0
                    && info.st_mode & S_IFMT == S_IFDIR
            }
            if isDirectory {
                if found == nil { found = name }
            } else if name.withCString({ unlinkat(directory, $0, 0) }) != 0 && errno != ENOENT {
                throw CError.current("removing a file")
            }
        }
        return found
    }
}

extension Array where Element == UInt8 {
    /// Calls `body` with these bytes as a NUL-terminated C string (a file name's exact bytes).
    func withCString<R>(_ body: (UnsafePointer<CChar>) throws -> R) rethrows -> R {
        try (self + [0]).withUnsafeBufferPointer { buffer in
            try buffer.withMemoryRebound(to: CChar.self) { chars in
                guard let base = chars.baseAddress else { preconditionFailure("a NUL-terminated array has storage") }
                return try body(base)
            }
        }
    }
}
