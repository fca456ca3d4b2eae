import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A copy of the grader's package, as an autograder carries it: its sources, references, templates,
/// tests (SwiftPM wants every target's folder) and the platform scripts, without build products,
/// hidden files or links; and the course configuration in use as its `grader.json`.
enum PackageCopy {
    /// The entries of the package root that are copied.
    static let entries = [
        "Package.swift", "README.md", "Sources", "ReferenceSolutions", "Exercises", "Tests", "autograders",
    ]

    /// Copies the package at `home.root` to `destination`, with `configurationPath`'s file as
    /// `grader.json` and the templates and references it names (at the paths it names them by).
    ///
    /// - Throws: ``GraderError`` when a file cannot be read or written, or the configuration names a
    ///   file outside its folder.
    static func copy(
        home: GraderHome, configurationPath: String, configuration: CourseConfiguration, to destination: String
    )
        throws
    {
        try FileManager.createFolder(destination)
        for entry in entries {
            let source = home.root + "/" + entry
            guard FileManager.default.fileExists(atPath: source) else {
                if entry == "README.md" { continue }
                throw GraderError.cannotRead(path: source, reason: "not found (is GRADER_HOME the grader's checkout?)")
            }
            try copyTree(source, to: destination + "/" + entry)
        }
        guard let bytes = FileManager.default.contents(atPath: configurationPath) else {
            throw GraderError.cannotRead(path: configurationPath, reason: "cannot be read")
        }
        try AtomicFile.write(bytes, to: destination + "/grader.json")
        for exercise in configuration.exercises {
            for relative in [exercise.template, exercise.reference] {
                guard !relative.hasPrefix("/"), !relative.split(separator: "/").contains("..") else {
                    throw GraderError.environment(
                        "the configuration's \(exercise.id.rawValue) names \(relative), outside its folder: an "
                            + "autograder carries the course's files at the paths grader.json names them by, so "
                            + "give it paths below grader.json's folder")
                }
                let source = configuration.baseDirectory + "/" + relative
                guard let data = FileManager.default.contents(atPath: source) else {
                    throw GraderError.cannotRead(path: source, reason: "cannot be read")
                }
                try AtomicFile.write(data, to: destination + "/" + relative)
            }
        }
    }

    /// Copies a file, or a folder recursively, skipping hidden entries and links.
    static func copyTree(_ source: String, to destination: String) throws {
        var info = stat()
        guard lstat(source, &info) == 0 else {
            throw GraderError.cannotRead(path: source, reason: CError.reason(errno))
        }
        switch info.st_mode & S_IFMT {
        case S_IFDIR:
            try FileManager.createFolder(destination)
            for name in SubmissionSearch.entries(of: source) where name != ".build" {
                try copyTree(source + "/" + name, to: destination + "/" + name)
            }
        case S_IFREG:
            guard let data = FileManager.default.contents(atPath: source) else {
                throw GraderError.cannotRead(path: source, reason: "cannot be read")
            }
            try AtomicFile.write(data, to: destination)
            _ = chmod(destination, info.st_mode & 0o100 != 0 ? 0o755 : 0o644)
        default:
            return
        }
    }
}
