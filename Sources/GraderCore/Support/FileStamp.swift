#if canImport(Glibc)
    import Glibc
#endif

/// What the caches take from a file they trust not to change in place: its size and modification
/// time, to the nanosecond, as `"SIZE SECONDS.NANOSECONDS"`.
///
/// A rebuilt binary or a reinstalled toolchain gets another stamp; the file's bytes are never
/// read (hashing the toolchain on every start would cost more than the grading it saves). Inode
/// numbers are left out on purpose: an image built once keeps sizes and times wherever it runs.
enum FileStamp {
    /// The stamp of the file at `path` (links followed), or `nil` when it cannot be read.
    static func of(_ path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return "\(info.st_size) \(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
    }
}
