import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Landing a finished file in a cache that several graders share, on one machine or on several nodes
/// that mount the same folder (NFS and the like).
///
/// An entry is never replaced once it is there: a worker on another node may have it loaded (a file
/// replaced under a program that maps it is a `SIGBUS` on NFS, whose server forgets the old file).
/// Entries are content-addressed, so the first to land is as good as any later one.
public enum CacheEntry {
    /// Moves the finished file `temporary` to `path` unless `path` exists, atomically, then removes
    /// `temporary`.
    ///
    /// `link(2)` never replaces a file (it fails with `EEXIST`) and is atomic on local file systems
    /// and on NFS alike. On NFS a link whose reply was lost is retried and answers `EEXIST` although it
    /// worked: `temporary`'s link count then says the entry is ours. On a file system without hard
    /// links the entry lands by `rename(2)` when it is absent.
    ///
    /// - Returns: whether `temporary` became the entry (`false`: another grader's was there first).
    /// - Throws: ``CError`` when neither a link nor a rename is possible.
    @discardableResult
    public static func land(_ temporary: String, at path: String) throws -> Bool {
        defer { unlink(temporary) }
        if link(temporary, path) == 0 { return true }
        let error = errno
        switch error {
        case EEXIST:
            var info = stat()
            return stat(temporary, &info) == 0 && info.st_nlink > 1
        case EPERM, EOPNOTSUPP, ENOSYS:
            if access(path, F_OK) == 0 { return false }
            guard rename(temporary, path) == 0 else { throw CError.current("moving \(temporary) to \(path)") }
            return true
        default:
            throw CError(error, "linking \(temporary) to \(path)")
        }
    }
}
