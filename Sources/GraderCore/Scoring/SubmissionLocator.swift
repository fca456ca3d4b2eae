import Foundation

/// Finds a submission's file for an exercise.
public enum SubmissionLocator {
    /// What was found.
    public enum Found: Equatable, Sendable {
        /// The file to grade.
        case file(String)
        /// No file; the message says what was expected (and what was found instead, if close).
        case missing(message: String)
    }

    /// Finds the file for `exercise` at `path`: the path itself when it is a file, or the exercise's
    /// file name inside it when it is a folder.
    ///
    /// - Throws: ``GraderError/submissionNotFound(path:)`` when `path` does not exist.
    public static func locate(_ path: String, exercise: ExerciseID) throws -> Found {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw GraderError.submissionNotFound(path: path)
        }
        guard isDirectory.boolValue else { return .file(path) }
        let candidate = (path as NSString).appendingPathComponent(exercise.fileName)
        if FileManager.default.fileExists(atPath: candidate) { return .file(candidate) }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        if let near = names.first(where: { $0.lowercased() == exercise.fileName.lowercased() }) {
            return .missing(
                message: "no \(exercise.fileName) in the submission (found \(near): rename it to \(exercise.fileName))")
        }
        return .missing(message: "no \(exercise.fileName) in the submission")
    }
}
