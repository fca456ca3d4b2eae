import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A class as a platform exports it, turned into what ``BatchGrader`` grades: a folder per student
/// with each exercise's file at the top, and who each student is on the platform.
///
/// Three layouts are read, from a folder or from a zip archive of it (extracted with `unzip`):
/// - ``Layout/folders``: one folder per student (the grader's own layout), graded where it is;
/// - ``Layout/gradescope``: Gradescope's "Export Submissions", a `submission_<id>` folder per
///   submission next to `submission_metadata.yml` (see ``GradescopeMetadata``);
/// - ``Layout/canvas``: Canvas's "Download Submissions", flat files named after the student (see
///   ``CanvasFileName``).
///
/// The last two are copied (links never followed, see ``EntryCopy``) into a folder of their own in
/// the report folder, one folder per student, so that the reports' paths stay valid and `--resume`
/// works.
public struct ClassImport: Sendable {
    /// How a class is laid out.
    public enum Layout: String, Sendable, CaseIterable {
        /// A folder per student.
        case folders
        /// Gradescope's bulk export.
        case gradescope
        /// Canvas's "Download Submissions".
        case canvas
    }

    /// The name of the folder, inside the report folder, that holds a platform's class as graded.
    public static let stagingName = ".submissions"

    /// The layout that was read.
    public var layout: Layout
    /// The folder of student folders to grade.
    public var directory: String
    /// Who each student is on the platform (empty for ``Layout/folders``).
    public var identities: [StudentID: PlatformIdentity]
    /// What the instructor should know: files skipped, files found in sub-folders, re-uploads.
    public var notes: [String]

    /// Reads the class at `path` (a folder or a zip archive).
    ///
    /// - Parameters:
    ///   - path: the class folder or archive.
    ///   - layout: the layout, or `nil` to recognise it (Gradescope's by its `submission_metadata.yml`,
    ///     Canvas's by file names of its form and no folders).
    ///   - exercises: the exercises graded (their file names are looked for).
    ///   - outputDirectory: the report folder, where a platform's class is copied.
    /// - Throws: ``GraderError`` when the class cannot be read or copied.
    public static func open(_ path: String, layout: Layout?, exercises: [Exercise], outputDirectory: String) throws
        -> ClassImport
    {
        var info = stat()
        guard stat(path, &info) == 0 else { throw GraderError.submissionNotFound(path: path) }
        let staging = outputDirectory + "/" + stagingName
        let fresh = staging + ".new-\(getpid())-\(UUID().uuidString)"
        defer { try? TreeRemoval.remove(fresh) }
        var root = path
        var extracted: String?
        defer { if let extracted { try? TreeRemoval.remove(extracted) } }
        if info.st_mode & S_IFMT != S_IFDIR {
            guard ExternalTool.isZip(path) else { throw GraderError.notADirectory(path: path) }
            let folder = outputDirectory + "/.unzipped-\(getpid())-\(UUID().uuidString)"
            extracted = folder
            try ExternalTool.unzip(path, into: folder)
            root = folder
        }
        root = descend(root)
        let found = layout ?? recognise(root)
        var result = ClassImport(layout: found, directory: root, identities: [:], notes: [])
        switch found {
        case .folders:
            guard let extracted else { return result }
            try replace(staging, with: extracted)
            result.directory = staging + String(root.dropFirst(extracted.count))
            return result
        case .gradescope:
            try FileManager.createFolder(fresh)
            (result.identities, result.notes) = try GradescopeExport.stage(root, exercises: exercises, into: fresh)
        case .canvas:
            try FileManager.createFolder(fresh)
            (result.identities, result.notes) = try CanvasDownload.stage(root, exercises: exercises, into: fresh)
        }
        try replace(staging, with: fresh)
        result.directory = staging
        return result
    }

    /// The folder itself, or its only sub-folder when that holds a Gradescope export (an archive
    /// that wraps the export in a folder).
    static func descend(_ root: String) -> String {
        let names = SubmissionSearch.entries(of: root)
        guard !names.contains(GradescopeExport.metadataName), names.count == 1,
            FileManager.isFolder(root + "/" + names[0]),
            FileManager.default.fileExists(atPath: root + "/" + names[0] + "/" + GradescopeExport.metadataName)
        else { return root }
        return root + "/" + names[0]
    }

    /// The layout of a folder: Gradescope's when it holds `submission_metadata.yml`, Canvas's when it
    /// holds no folders and some file named as Canvas names them, else a folder per student.
    static func recognise(_ root: String) -> Layout {
        let names = SubmissionSearch.entries(of: root)
        if names.contains(GradescopeExport.metadataName) { return .gradescope }
        let folders = names.filter { FileManager.isFolder(root + "/" + $0) }
        if folders.isEmpty, names.contains(where: { CanvasFileName($0) != nil }) { return .canvas }
        return .folders
    }

    /// Puts `replacement` where `path` is, removing what was there.
    static func replace(_ path: String, with replacement: String) throws {
        if FileManager.default.fileExists(atPath: path) || FileManager.isLink(path) {
            try TreeRemoval.remove(path)
        }
        guard rename(replacement, path) == 0 else {
            throw GraderError.cannotWrite(path: path, reason: CError.reason(errno))
        }
        _ = chmod(path, 0o755)
    }

    /// A student's folder name made from a platform's name and id: no `/`, no leading dot, at most
    /// 120 bytes.
    static func folderName(_ name: String, id: String) -> String {
        var cleaned = name.replacingOccurrences(of: "/", with: "-").trimmingCharacters(in: .whitespacesAndNewlines)
        while cleaned.utf8.count > 100 { cleaned.removeLast() }
        let label = cleaned.isEmpty ? id : "\(cleaned) (\(id))"
        return label.hasPrefix(".") ? "_" + label : label
    }
}

extension FileManager {
    /// Whether `path` is a folder (not following a link).
    static func isFolder(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
    }

    /// Whether `path` is a symbolic link.
    static func isLink(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFLNK
    }

    /// Creates a folder and the folders above it.
    ///
    /// - Throws: ``GraderError/cannotWrite(path:reason:)``.
    static func createFolder(_ path: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw GraderError.cannotWrite(path: path, reason: error.localizedDescription)
        }
    }
}
