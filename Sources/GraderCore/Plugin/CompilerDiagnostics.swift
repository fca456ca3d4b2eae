/// The compiler's output, split by file: the student's errors for the student, the glue's errors
/// turned into "missing class or wrong signature".
struct CompilerDiagnostics {
    struct Entry {
        var file: String
        var line: Int
        var severity: String
        var message: String
        /// The diagnostic line as the student should see it, plus the source excerpt that follows it.
        var text: String
    }

    var entries: [Entry] = []
    let workDirectory: String

    /// Parses `-diagnostic-style=llvm` output: `path:line:column: severity: message`, then excerpt lines.
    init(output: String, workDirectory: String) {
        self.workDirectory = workDirectory
        for rawLine in output.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(rawLine)
            if let entry = CompilerDiagnostics.parse(line, workDirectory: workDirectory) {
                entries.append(entry)
            } else if !entries.isEmpty, !line.isEmpty {
                entries[entries.count - 1].text += "\n" + line
            }
        }
    }

    static func parse(_ line: String, workDirectory: String) -> Entry? {
        for severity in ["error", "warning", "note"] {
            guard let range = line.range(of: ": \(severity): ") else { continue }
            let location = line[..<range.lowerBound].split(separator: ":")
            guard location.count >= 3, let lineNumber = Int(location[location.count - 2]) else { continue }
            let path = location.dropLast(2).joined(separator: ":")
            let file = path.split(separator: "/").last.map(String.init) ?? path
            let message = String(line[range.upperBound...])
            let shown = line.replacingOccurrences(of: workDirectory + "/", with: "")
            return Entry(file: file, line: lineNumber, severity: severity, message: message, text: shown)
        }
        return nil
    }

    func hasErrors(in file: String) -> Bool {
        entries.contains { $0.file == file && $0.severity == "error" }
    }

    /// The errors in a student's `file` (each with its notes and excerpt), or the whole output when
    /// none parse.
    func studentDiagnostics(file studentFile: String, fallback: String) -> String {
        var blocks: [String] = []
        var keep = false
        for entry in entries {
            if entry.severity == "error" { keep = entry.file == studentFile }
            if entry.severity == "warning" { keep = false }
            if keep { blocks.append(entry.text) }
        }
        let text =
            blocks.isEmpty
            ? fallback.replacingOccurrences(of: workDirectory + "/", with: "") : blocks.joined(separator: "\n")
        return CompilerDiagnostics.cap(text, limit: 16 * 1024)
    }

    /// Whether a class's glue failed on a line that touches the student's declarations (a marked line,
    /// or the class itself missing). An error anywhere else in the glue is the grader's own fault.
    func blamesStudent(_ gradedClass: GradedClass) -> Bool {
        let glue = GlueSource.fileName(gradedClass)
        guard let first = entries.first(where: { $0.file == glue && $0.severity == "error" }) else { return false }
        if first.message.contains("cannot find '\(gradedClass.className)' in scope") { return true }
        let sourceLines = GlueSource.entryPoint(gradedClass).split(separator: "\n", omittingEmptySubsequences: false)
        return first.line >= 1 && first.line <= sourceLines.count
            && sourceLines[first.line - 1].contains(GlueSource.marker)
    }

    /// "Missing class or wrong signature" for a class whose glue did not compile.
    func signatureProblem(_ gradedClass: GradedClass) -> String {
        let glue = GlueSource.fileName(gradedClass)
        guard let first = entries.first(where: { $0.file == glue && $0.severity == "error" }) else {
            return "\(gradedClass.className) could not be used; expected: \(gradedClass.expectedDeclaration)"
        }
        if first.message.contains("cannot find '\(gradedClass.className)' in scope") {
            return "class \(gradedClass.className) is missing; expected: \(gradedClass.expectedDeclaration)"
        }
        let sourceLines = GlueSource.entryPoint(gradedClass).split(separator: "\n", omittingEmptySubsequences: false)
        var member = gradedClass.expectedDeclaration
        if first.line >= 1, first.line <= sourceLines.count,
            let markerRange = sourceLines[first.line - 1].range(of: GlueSource.marker)
        {
            member = String(sourceLines[first.line - 1][markerRange.upperBound...])
        }
        return "\(gradedClass.className) has no member usable as `\(member)` (compiler: \(first.message))"
    }

    static func cap(_ text: String, limit: Int) -> String {
        guard text.utf8.count > limit else { return text }
        return String(decoding: Array(text.utf8.prefix(limit)), as: UTF8.self) + "\n[... truncated]"
    }
}
