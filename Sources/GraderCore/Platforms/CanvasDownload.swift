import Foundation

/// Canvas's "Download Submissions" archive: flat files, each named after its student (see
/// ``CanvasFileName``), only the latest attempt's files.
enum CanvasDownload {
    /// Copies each student's files into a folder per student under `destination`, under the names
    /// the student meant (Canvas's prefix and its `-N` re-upload suffix taken off); of two files that
    /// mean the same name, the one Canvas stored last (the larger attachment id) is kept.
    ///
    /// - Returns: who each student folder is, and notes for the instructor.
    /// - Throws: ``GraderError`` when a file cannot be copied.
    static func stage(_ root: String, exercises: [Exercise], into destination: String) throws
        -> ([StudentID: PlatformIdentity], [String])
    {
        let expected = exercises.map(\.fileName)
        var files: [String: [(original: String, parsed: CanvasFileName)]] = [:]
        var notes: [String] = []
        for name in SubmissionSearch.entries(of: root) {
            guard let parsed = CanvasFileName(name), !FileManager.isFolder(root + "/" + name) else {
                notes.append("\(printable(name)): not a file of Canvas's download; skipped")
                continue
            }
            files[parsed.userID, default: []].append((name, parsed))
        }
        var identities: [StudentID: PlatformIdentity] = [:]
        for (userID, entries) in files {
            let first = entries[0].parsed
            let student = StudentID(ClassImport.folderName(first.name, id: userID))
            let folder = destination + "/" + student.name
            try FileManager.createFolder(folder)
            var chosen: [String: (original: String, attachment: Int)] = [:]
            for (original, parsed) in entries {
                guard let attachment = parsed.attachmentID else {
                    notes.append(
                        "\(student.name): \(parsed.displayName == "text.html" ? "text" : "a URL") submitted, not a file"
                    )
                    continue
                }
                let intended = parsed.intendedName(among: expected)
                let number = Int(attachment) ?? 0
                if let previous = chosen[intended] {
                    let (kept, dropped) =
                        previous.attachment > number ? (previous.original, original) : (original, previous.original)
                    notes.append(
                        "\(student.name): \(printable(dropped)) and \(printable(kept)) are both \(intended); graded the later, \(printable(kept))"
                    )
                    if previous.attachment > number { continue }
                }
                chosen[intended] = (original, number)
            }
            for (intended, source) in chosen {
                try EntryCopy.copy(root + "/" + source.original, to: folder + "/" + intended)
            }
            identities[student] = PlatformIdentity(
                platform: .canvas, late: entries.contains { $0.parsed.late },
                people: [
                    PlatformIdentity.Person(name: first.name.isEmpty ? nil : first.name, userID: userID)
                ], files: chosen.values.map(\.original).sorted().nilIfEmpty)
        }
        return (identities, notes)
    }

    private static func printable(_ text: String) -> String { OutputCapture.printable(Array(text.utf8)) }
}
