/// The name Canvas gives a file in a "Download Submissions" archive, taken apart.
///
/// Canvas (`lib/content_zipper.rb`) names each file `<name>[_LATE]_<user id>_<attachment id>_<file
/// name>`: the student's sortable name lower-cased with everything but letters, digits and `_`
/// removed (`smithalice`), `LATE` when the submission was late (`late` in older versions), the
/// student's Canvas user id, the file's id, and the name it was uploaded as, which Canvas renames
/// `Name-1.swift`, `Name-2.swift`... when a student uploads a file of a name already there.
/// Anonymous grading names the student `anon_<id>` instead; text and URL submissions are
/// `<name>[_LATE]_<user id>_text.html` and `..._link.html`. As Canvas itself reads these names back
/// (`Assignment#infer_comment_context_from_filename`), the first all-digit fields are the ids.
public struct CanvasFileName: Sendable, Equatable {
    /// The student's name as the file name carries it (empty for anonymous grading).
    public var name: String
    /// Whether Canvas marked the submission late.
    public var late: Bool
    /// The Canvas user id (digits), or `anon_<id>` for anonymous grading.
    public var userID: String
    /// The file's Canvas id, or `nil` for a text or URL submission.
    public var attachmentID: String?
    /// The name the file was uploaded as (after Canvas's renaming), e.g. `FullyConnected-1.swift`.
    public var displayName: String

    /// Takes a Canvas file name apart, or returns `nil` when it is not one.
    public init?(_ fileName: String) {
        let fields = fileName.split(separator: "_", omittingEmptySubsequences: false).map(String.init)
        let isNumber = { (text: String) in !text.isEmpty && text.allSatisfy { $0.isASCII && $0.isNumber } }
        var late = false
        var start = 0
        if fields.count > 2, fields[0].lowercased() == "late", fields[1] == "anon" { (late, start) = (true, 1) }
        if fields.count > start + 2, fields[start] == "anon", !fields[start + 1].isEmpty {
            let rest = Array(fields[(start + 2)...])
            guard let (attachment, display) = Self.rest(rest, isNumber: isNumber) else { return nil }
            (name, self.late, userID, attachmentID, displayName) =
                ("", late, "anon_" + fields[start + 1], attachment, display)
            return
        }
        for index in 1..<max(1, fields.count - 1) where isNumber(fields[index]) {
            guard let (attachment, display) = Self.rest(Array(fields[(index + 1)...]), isNumber: isNumber) else {
                continue
            }
            var nameFields = Array(fields[..<index])
            if nameFields.count > 1, nameFields.last?.lowercased() == "late" {
                late = true
                nameFields.removeLast()
            }
            (name, self.late, userID, attachmentID, displayName) =
                (nameFields.joined(separator: "_"), late, fields[index], attachment, display)
            return
        }
        return nil
    }

    /// After the user id: `<attachment id>_<name>`, or `text.html` / `link.html`.
    private static func rest(_ fields: [String], isNumber: (String) -> Bool) -> (String?, String)? {
        if fields.count == 1, fields[0] == "text.html" || fields[0] == "link.html" { return (nil, fields[0]) }
        guard fields.count >= 2, isNumber(fields[0]) else { return nil }
        let display = fields[1...].joined(separator: "_")
        return display.isEmpty ? nil : (fields[0], display)
    }

    /// The name the student meant: one of `expected` when the display name is it, or it with the
    /// `-N` Canvas adds to a re-uploaded file (`FullyConnected-1.swift` → `FullyConnected.swift`);
    /// otherwise the display name.
    public func intendedName(among expected: [String]) -> String {
        if expected.contains(displayName) { return displayName }
        for name in expected {
            let dot = name.lastIndex(of: ".") ?? name.endIndex
            let (base, suffix) = (name[..<dot], name[dot...])
            guard displayName.hasPrefix(base + "-"), displayName.hasSuffix(suffix) else { continue }
            let middle = displayName.dropFirst(base.count + 1).dropLast(suffix.count)
            if !middle.isEmpty, middle.allSatisfy({ $0.isASCII && $0.isNumber }) { return name }
        }
        return displayName
    }

    /// Whether this is a file upload (not a text or URL submission).
    public var isUpload: Bool { attachmentID != nil }
}
