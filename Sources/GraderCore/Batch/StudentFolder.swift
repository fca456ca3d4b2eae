import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The students of a class folder: one entry per sub-folder, by the exact bytes of its name.
public enum StudentFolder {
    /// What a class folder's entry is.
    public enum Kind: Equatable, Sendable {
        /// A folder: its files are graded.
        case folder
        /// A symbolic link (to another student's folder, or anywhere): not followed, not graded.
        case link
        /// A folder whose name is not valid UTF-8: not graded (it cannot be named in reports).
        case invalidName
    }

    /// The students under `directory`: every entry not starting with `.` that is a folder or a link
    /// (a link gets a report that says it was not followed), sorted by bytes.
    ///
    /// - Parameters:
    ///   - directory: the class folder.
    ///   - outputDirectory: the batch's report folder, never a student even when it lies in
    ///     `directory` (`grader batch .` writes `./reports`, which a second run must not grade).
    /// - Throws: ``GraderError/submissionNotFound(path:)``, ``GraderError/notADirectory(path:)`` or
    ///   ``GraderError/cannotRead(path:reason:)``.
    public static func list(_ directory: String, excluding outputDirectory: String? = nil) throws
        -> [(student: StudentID, kind: Kind)]
    {
        var info = stat()
        guard stat(directory, &info) == 0 else { throw GraderError.submissionNotFound(path: directory) }
        guard info.st_mode & S_IFMT == S_IFDIR else { throw GraderError.notADirectory(path: directory) }
        guard let stream = opendir(directory) else {
            throw GraderError.cannotRead(path: directory, reason: CError.reason(errno))
        }
        defer { closedir(stream) }
        let excluded = outputDirectory.flatMap { realpath($0, nil) }.map { pointer in
            defer { free(pointer) }
            return String(cString: pointer)
        }
        var found: [(StudentID, Kind)] = []
        while let entry = readdir(stream) {
            let bytes = withUnsafeBytes(of: entry.pointee.d_name) { raw in Array(raw.prefix { $0 != 0 }) }
            guard let first = bytes.first, first != UInt8(ascii: ".") else { continue }
            let path = Array(directory.utf8) + [UInt8(ascii: "/")] + bytes
            var entryInfo = stat()
            guard path.withCString({ lstat($0, &entryInfo) }) == 0 else { continue }
            switch entryInfo.st_mode & S_IFMT {
            case S_IFDIR where String(validating: bytes, as: UTF8.self) == nil:
                found.append((StudentID(bytes: bytes), .invalidName))
            case S_IFDIR:
                if let excluded, let real = path.withCString({ realpath($0, nil) }) {
                    defer { free(real) }
                    if String(cString: real) == excluded { continue }
                }
                found.append((StudentID(bytes: bytes), .folder))
            case S_IFLNK:
                found.append((StudentID(bytes: bytes), .link))
            default:
                continue
            }
        }
        return found.sorted { $0.0 < $1.0 }
    }

    /// The path of a student's folder under `directory`.
    public static func path(of student: StudentID, in directory: String) -> String {
        directory + "/" + student.name
    }
}
