import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Finds and reads a submission's file for an exercise, as a hostile party would have laid it out.
///
/// Nothing is followed out of the submission: the file is opened with `O_NOFOLLOW` (a symbolic link
/// is refused, wherever it points: another student's file, the reference, `/proc/self/environ`), and
/// must be a regular file of at most ``maximumBytes`` (a FIFO, a device or a folder in its place is
/// refused too, without blocking on it). The bytes read here are the ones compiled: the file is
/// read once. The folder given (`grader run --submission DIR`) is the caller's choice and may be a
/// link; a student folder inside a class folder is checked by the batch (``StudentFolder``).
public enum SubmissionReader {
    /// The largest submission file read: far above any solution to these exercises, far below what
    /// makes the compiler slow.
    public static let maximumBytes = 256 * 1024

    /// What was found.
    public enum Found: Equatable, Sendable {
        /// The file to grade, with its bytes.
        case file(path: String, bytes: [UInt8])
        /// No file; the message says what was expected (and what was found instead, if close).
        case missing(message: String)
        /// A file that is not graded: a link, a special file, one too large.
        case refused(message: String)
    }

    /// Finds the file for `exercise` at `path`: the path itself when it is a file, or the exercise's
    /// file name inside it when it is a folder.
    ///
    /// - Parameters:
    ///   - path: the submission (a file or a folder).
    ///   - exercise: the exercise.
    ///   - catalog: the other exercises, to recognise a file handed to the wrong one.
    /// - Throws: ``GraderError/submissionNotFound(path:)`` when `path` does not exist.
    public static func read(_ path: String, exercise: Exercise, catalog: ExerciseCatalog = .standard) throws -> Found {
        var info = stat()
        guard stat(path, &info) == 0 else { throw GraderError.submissionNotFound(path: path) }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            let name = (path as NSString).lastPathComponent
            if name != exercise.fileName, let other = catalog.exercises.first(where: { $0.fileName == name }) {
                return .missing(
                    message: "\(name) is the file of \(other.id.rawValue), not of \(exercise.id.rawValue) "
                        + "(its file is \(exercise.fileName)): grade it with --exercise \(other.id.rawValue)")
            }
            return readFile(at: path, shownAs: name)
        }
        let candidate = (path as NSString).appendingPathComponent(exercise.fileName)
        var entry = stat()
        if lstat(candidate, &entry) == 0 { return readFile(at: candidate, shownAs: exercise.fileName) }
        return .missing(message: nearMiss(in: path, exercise: exercise, catalog: catalog))
    }

    /// Reads a file that must be a regular file of at most ``maximumBytes``, not following a link.
    static func readFile(at path: String, shownAs name: String) -> Found {
        let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)
        guard descriptor >= 0 else {
            if errno == ELOOP {
                let target = HostFiles.linkTarget(path).map { " (to \(OutputCapture.printable(Array($0.utf8))))" } ?? ""
                return .refused(message: "\(name) is a symbolic link\(target): submit the file itself")
            }
            return .refused(message: "\(name) cannot be read: \(CError.reason(errno))")
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            return .refused(message: "\(name) cannot be read: \(CError.reason(errno))")
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: return .refused(message: "\(name) is a folder, not a file")
        case S_IFIFO: return .refused(message: "\(name) is a pipe (FIFO), not a file")
        case S_IFCHR, S_IFBLK: return .refused(message: "\(name) is a device, not a file")
        case S_IFSOCK: return .refused(message: "\(name) is a socket, not a file")
        default: return .refused(message: "\(name) is not a regular file")
        }
        guard info.st_size <= maximumBytes else {
            return .refused(
                message: "\(name) is \(info.st_size / 1024) KiB; a submission file may be at most "
                    + "\(maximumBytes / 1024) KiB")
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while bytes.count <= maximumBytes {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count < 0 { return .refused(message: "\(name) cannot be read: \(CError.reason(errno))") }
            if count == 0 { break }
            bytes += chunk[0..<count]
        }
        guard bytes.count <= maximumBytes else {
            return .refused(message: "\(name) grew past \(maximumBytes / 1024) KiB while it was read")
        }
        return .file(path: path, bytes: bytes)
    }

    /// What to tell a student whose folder lacks the file: a file of the same name in another case,
    /// one a folder or two down, or another exercise's file.
    static func nearMiss(in folder: String, exercise: Exercise, catalog: ExerciseCatalog) -> String {
        let expected = exercise.fileName
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        if let near = names.first(where: { $0.lowercased() == expected.lowercased() }) {
            return "no \(expected) in the submission (found \(printable(near)): rename it to \(expected))"
        }
        if let nested = findBelow(folder, name: expected, depth: 2) {
            return "no \(expected) at the top of the submission (found \(printable(nested)): move it to the top "
                + "of the submission folder)"
        }
        // Another exercise's file, and not this one's: the student may have picked the wrong exercise.
        let others = catalog.exercises.filter { $0.id != exercise.id && names.contains($0.fileName) }
        if let other = others.first {
            return "no \(expected) in the submission (it has \(other.fileName), the file of \(other.id.rawValue); "
                + "\(exercise.id.rawValue)'s file is \(expected))"
        }
        return "no \(expected) in the submission"
    }

    /// The path (relative to `folder`) of a file named `name` at most `depth` folders down, never
    /// following a link; the first in name order.
    static func findBelow(_ folder: String, name: String, depth: Int, prefix: String = "") -> String? {
        guard depth > 0 else { return nil }
        let entries = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
        for entry in entries where !entry.hasPrefix(".") {
            var info = stat()
            let full = folder + "/" + entry
            guard lstat(full, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else { continue }
            var inner = stat()
            if lstat(full + "/" + name, &inner) == 0 { return prefix + entry + "/" + name }
            if let deeper = findBelow(full, name: name, depth: depth - 1, prefix: prefix + entry + "/") {
                return deeper
            }
        }
        return nil
    }

    private static func printable(_ text: String) -> String { OutputCapture.printable(Array(text.utf8)) }
}
