/// The compiler's output, split by file: the student's errors for the student, the glue's errors
/// turned into "missing class or wrong signature". Pure: parsed from text, unit-tested with text.
///
/// A diagnostic belongs to a file only when its path is that file's full path in the compile's
/// folder: a submission can write `#sourceLocation(file: "BPGGlue_ReLU.swift", line: 3)`, but it
/// cannot make its error appear at the exact path of the grader's glue.
struct CompilerDiagnostics {
    struct Entry: Equatable {
        /// The diagnostic's path, as the compiler printed it.
        var path: String
        var line: Int
        var severity: String
        var message: String
        /// The diagnostic line as the student should see it, plus the source excerpt that follows it.
        var text: String
    }

    private(set) var entries: [Entry] = []
    /// The compile's folder, as the compiler saw it.
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
            let location = line[..<range.lowerBound].split(separator: ":", omittingEmptySubsequences: false)
            guard location.count >= 3, let lineNumber = Int(location[location.count - 2]) else { continue }
            let path = location.dropLast(2).joined(separator: ":")
            let message = String(line[range.upperBound...])
            let shown = line.replacingOccurrences(of: workDirectory + "/", with: "")
            return Entry(path: path, line: lineNumber, severity: severity, message: message, text: shown)
        }
        return nil
    }

    /// The full path of a file of the compile's folder.
    func path(_ file: String) -> String { workDirectory + "/" + file }

    /// The errors located in `file` (of the compile's folder).
    func errors(in file: String) -> [Entry] {
        entries.filter { $0.path == path(file) && $0.severity == "error" }
    }

    func hasErrors(in file: String) -> Bool { !errors(in: file).isEmpty }

    /// Whether any error has a location at all (a driver's or a linker's has none).
    var hasLocatedErrors: Bool { entries.contains { $0.severity == "error" && $0.path != "<unknown>" } }

    /// The errors in a student's `file` (each with its notes and excerpt), or the whole output when
    /// none parse, capped.
    func studentDiagnostics(file studentFile: String, fallback: String) -> String {
        var blocks: [String] = []
        var keep = false
        for entry in entries {
            if entry.severity == "error" { keep = entry.path == path(studentFile) }
            if entry.severity == "warning" { keep = false }
            // A note about the standard library's declarations (`'+' produces 'String'`, thirty of
            // them for one failed `+`) is not something a student can act on: only notes in their file.
            if keep, entry.severity != "note" || entry.path == path(studentFile) { blocks.append(entry.text) }
        }
        let text =
            blocks.isEmpty
            ? fallback.replacingOccurrences(of: workDirectory + "/", with: "") : blocks.joined(separator: "\n")
        return CompilerDiagnostics.cap(text, limit: 16 * 1024)
    }

    /// Whether a class's glue failed on a line that touches the student's declarations (a marked line,
    /// or the class itself missing).
    func blamesStudentDeclarations(_ gradedClass: GradedClass) -> Bool {
        guard let first = errors(in: GlueSource.fileName(gradedClass)).first else { return false }
        if first.message.contains("cannot find '\(gradedClass.name)' in scope") { return true }
        return markedDeclaration(gradedClass, line: first.line) != nil
    }

    /// "Missing class or wrong signature" for a class whose glue did not compile.
    func signatureProblem(_ gradedClass: GradedClass) -> String {
        guard let first = errors(in: GlueSource.fileName(gradedClass)).first else {
            return "\(gradedClass.name) could not be used; expected: \(gradedClass.expectedDeclaration)"
        }
        if first.message.contains("cannot find '\(gradedClass.name)' in scope") {
            return "class \(gradedClass.name) is missing; expected: \(gradedClass.expectedDeclaration)"
        }
        let member = markedDeclaration(gradedClass, line: first.line) ?? gradedClass.expectedDeclaration
        return "\(gradedClass.name) has no member usable as `\(member)` (compiler: \(first.message))"
    }

    /// The declaration a glue line marks, if `line` (1-based) of the class's glue is a marked one.
    private func markedDeclaration(_ gradedClass: GradedClass, line: Int) -> String? {
        let sourceLines = GlueSource.entryPoint(gradedClass).split(separator: "\n", omittingEmptySubsequences: false)
        guard line >= 1, line <= sourceLines.count, let range = sourceLines[line - 1].range(of: GlueSource.marker)
        else { return nil }
        return String(sourceLines[line - 1][range.upperBound...])
    }

    /// Errors in the grader's glue that no student declaration explains: the student's file clashes
    /// with the glue (it defines one of its names, or breaks a name it relies on). As the message for
    /// the student: the compiler's first such error, with the glue named as such.
    func glueClash(_ glueFiles: [String]) -> String? {
        for file in glueFiles {
            if let first = errors(in: file).first {
                return
                    "your file clashes with the grader's own code (\(file.hasPrefix("BPGGlue") ? "its glue" : file)): "
                    + first.message
            }
        }
        return nil
    }

    static func cap(_ text: String, limit: Int) -> String {
        guard text.utf8.count > limit else { return text }
        return String(decoding: Array(text.utf8.prefix(limit)), as: UTF8.self) + "\n[... truncated]"
    }
}
