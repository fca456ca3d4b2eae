import Foundation

/// Gradescope's "Export Submissions" archive: at its top, a `submission_<id>` folder per submission
/// (the student's files as uploaded, in folders or not) and `submission_metadata.yml` (see
/// ``GradescopeMetadata``).
enum GradescopeExport {
    /// The index file's name.
    static let metadataName = "submission_metadata.yml"

    /// Copies each submission's files for `exercises` (wherever they are in its folder, see
    /// ``SubmissionSearch``) into a folder per submission under `destination`, named after the
    /// submitters and the submission's id.
    ///
    /// - Returns: who each student folder is, and notes for the instructor.
    /// - Throws: ``GraderError`` when a file cannot be copied.
    static func stage(_ root: String, exercises: [Exercise], into destination: String) throws
        -> ([StudentID: PlatformIdentity], [String])
    {
        let text = FileManager.default.contents(atPath: root + "/" + metadataName).map {
            String(decoding: $0, as: UTF8.self)
        }
        let metadata = GradescopeMetadata(parsing: text ?? "")
        var identities: [StudentID: PlatformIdentity] = [:]
        var notes: [String] = []
        let folders = SubmissionSearch.entries(of: root).filter { FileManager.isFolder(root + "/" + $0) }
        for folder in folders {
            let entry = metadata.entries[folder]
            if entry == nil { notes.append("\(folder): not in \(metadataName); graded without a name") }
            let people = (entry?.submitters ?? []).map { fields in
                PlatformIdentity.Person(
                    name: fields["name"].flatMap(nonEmpty), email: fields["email"].flatMap(nonEmpty),
                    studentNumber: fields["sid"].flatMap(nonEmpty), section: fields["section_name"].flatMap(nonEmpty))
            }
            let id = folder.hasPrefix("submission_") ? String(folder.dropFirst("submission_".count)) : folder
            let names = people.compactMap(\.name).joined(separator: " & ")
            let student = StudentID(ClassImport.folderName(names, id: id))
            let staged = try SubmissionSearch.stage(
                exercises, from: root + "/" + folder, into: destination + "/" + student.name)
            notes += staged.notes.map { "\(student.name): \($0)" }
            identities[student] = PlatformIdentity(
                platform: .gradescope, submissionID: id, submittedAt: entry?.createdAt, people: people,
                files: staged.matches.values.map(\.relativePath).filter { $0.contains("/") }.sorted().nilIfEmpty)
        }
        for missing in metadata.entries.keys.sorted() where !folders.contains(missing) {
            notes.append("\(missing): in \(metadataName) but not in the export; not graded")
        }
        return (identities, notes)
    }

    private static func nonEmpty(_ text: String) -> String? { text.isEmpty ? nil : text }
}

extension Array {
    /// `nil` for an empty array.
    var nilIfEmpty: [Element]? { isEmpty ? nil : self }
}
