import Foundation

/// Writing files so that a reader never sees half of one: write a temporary sibling, then rename.
public enum AtomicFile {
    /// Writes `data` to `path` atomically, creating the parent directory if needed.
    ///
    /// The bytes go to a uniquely named temporary file in the same directory, which is then renamed
    /// over `path` (rename is atomic within a file system). An interrupted write leaves at most a
    /// stray `.tmp-*` file, never a truncated `path`.
    ///
    /// - Parameters:
    ///   - data: the content.
    ///   - path: the destination.
    /// - Throws: ``GraderError/cannotWrite(path:reason:)``.
    public static func write(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let temporary = directory.appendingPathComponent(".tmp-\(url.lastPathComponent)-\(UUID().uuidString)")
            try data.write(to: temporary)
            if rename(temporary.path, url.path) != 0 {
                let reason = String(cString: strerror(errno))
                try? FileManager.default.removeItem(at: temporary)
                throw GraderError.cannotWrite(path: path, reason: reason)
            }
        } catch let error as GraderError {
            throw error
        } catch {
            throw GraderError.cannotWrite(path: path, reason: error.localizedDescription)
        }
    }

    /// Writes a string as UTF-8, atomically. See ``write(_:to:)-(Data,_)``.
    public static func write(_ text: String, to path: String) throws {
        try write(Data(text.utf8), to: path)
    }
}
