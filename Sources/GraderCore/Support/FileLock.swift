import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// An exclusive advisory lock on a file (`flock`), so parallel graders build a shared artefact once.
struct FileLock {
    /// Runs `body` while holding the lock on `path` (created if needed).
    ///
    /// - Throws: ``GraderError/cannotWrite(path:reason:)`` when the lock file cannot be opened, or
    ///   whatever `body` throws.
    static func withLock<T>(_ path: String, _ body: () throws -> T) throws -> T {
        try? FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw GraderError.cannotWrite(path: path, reason: String(cString: strerror(errno)))
        }
        defer { close(descriptor) }
        while flock(descriptor, LOCK_EX) != 0 && errno == EINTR {}
        defer { flock(descriptor, LOCK_UN) }
        return try body()
    }
}
