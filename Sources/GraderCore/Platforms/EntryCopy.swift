import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Copies one entry of a submission as it is, without following it: what ``SubmissionReader`` then
/// reads from the copy is what it would have read from the original, verdicts included (a link is
/// refused as a link, a file too large as too large).
enum EntryCopy {
    /// Copies `source` to `destination` (replacing it): a regular file's bytes and mode, a link as a
    /// link to the same target, a folder as an empty folder, a pipe as a pipe; a file larger than
    /// ``SubmissionReader/maximumBytes`` as a sparse file of the same size (never read: the grader
    /// refuses it by its size). Devices and sockets are not copied.
    ///
    /// - Throws: ``GraderError/cannotRead(path:reason:)`` or ``GraderError/cannotWrite(path:reason:)``.
    static func copy(_ source: String, to destination: String) throws {
        var info = stat()
        guard lstat(source, &info) == 0 else {
            throw GraderError.cannotRead(path: source, reason: CError.reason(errno))
        }
        _ = unlink(destination)
        let made: Int32
        switch info.st_mode & S_IFMT {
        case S_IFLNK:
            guard let target = HostFiles.linkTarget(source) else {
                throw GraderError.cannotRead(path: source, reason: CError.reason(errno))
            }
            made = symlink(target, destination)
        case S_IFDIR:
            made = mkdir(destination, 0o755)
        case S_IFIFO:
            made = mkfifo(destination, 0o644)
        case S_IFREG:
            try copyFile(source, to: destination, size: Int(info.st_size))
            return
        default:
            return
        }
        guard made == 0 else { throw GraderError.cannotWrite(path: destination, reason: CError.reason(errno)) }
    }

    /// Copies a regular file's bytes (or, past the reader's limit, only its size).
    private static func copyFile(_ source: String, to destination: String, size: Int) throws {
        let output = open(destination, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard output >= 0 else { throw GraderError.cannotWrite(path: destination, reason: CError.reason(errno)) }
        defer { close(output) }
        if size > SubmissionReader.maximumBytes {
            guard ftruncate(output, off_t(size)) == 0 else {
                throw GraderError.cannotWrite(path: destination, reason: CError.reason(errno))
            }
            return
        }
        let input = open(source, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard input >= 0 else { throw GraderError.cannotRead(path: source, reason: CError.reason(errno)) }
        defer { close(input) }
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        var copied = 0
        while copied <= SubmissionReader.maximumBytes {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(input, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count < 0 { throw GraderError.cannotRead(path: source, reason: CError.reason(errno)) }
            if count == 0 { break }
            var offset = 0
            while offset < count {
                let written = chunk[offset..<count].withUnsafeBytes { Glibc.write(output, $0.baseAddress, $0.count) }
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else {
                    throw GraderError.cannotWrite(path: destination, reason: CError.reason(errno))
                }
                offset += written
            }
            copied += count
        }
    }
}
