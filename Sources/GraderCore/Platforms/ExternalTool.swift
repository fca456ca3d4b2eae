import Foundation

/// A command-line tool of the machine the grader uses when it is there (`zip`, `unzip`), found on
/// `PATH` and run as a trusted tool (never on a student's behalf).
enum ExternalTool {
    /// The tool's path on `PATH`, or `nil` when it is not installed.
    static func find(_ name: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        for directory in (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Unzips `archive` into `directory` with `unzip` (which refuses members that would land outside
    /// it).
    ///
    /// - Throws: ``GraderError/environment(_:)`` when `unzip` is missing or fails.
    static func unzip(_ archive: String, into directory: String) throws {
        guard let unzip = find("unzip") else {
            throw GraderError.environment(
                "\(archive) is a zip archive and the unzip command is not installed here: install it (e.g. "
                    + "apt-get install unzip) or unzip the archive and give its folder")
        }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let result = try Subprocess.run(unzip, ["-qq", "-o", archive, "-d", directory])
        // 1 is "warnings" (e.g. a member skipped for an unsafe path): what could be extracted was.
        guard result.status == 0 || result.status == 1 else {
            let detail = result.output.split(separator: "\n").first.map { ": " + $0 } ?? ""
            throw GraderError.environment("unzip could not extract \(archive) (status \(result.status))\(detail)")
        }
    }

    /// Whether `path` is a zip archive (its first bytes are a zip signature).
    static func isZip(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 4)) ?? Data()
        return head.count == 4 && head[head.startIndex] == 0x50 && head[head.startIndex + 1] == 0x4B
            && (head[head.startIndex + 2] == 3 || head[head.startIndex + 2] == 5)
    }
}
