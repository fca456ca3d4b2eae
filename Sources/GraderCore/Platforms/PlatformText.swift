/// The sentences the platforms' result files show a student, shared by Gradescope's and
/// PrairieLearn's formats, and the cut that keeps each text within a result file's size.
enum PlatformText {
    /// The longest single text (an output, diagnostics) before a result file is found too large.
    static let initialLimit = 64 * 1024
    /// The shortest a text is cut to when a result file is still too large.
    static let smallestLimit = 256

    /// A result file that fits in `maximumBytes`: made with texts cut at ``initialLimit``, then at
    /// half that, and so on down to ``smallestLimit``, until its JSON is small enough.
    static func fitting<Result: Encodable>(_ maximumBytes: Int, _ make: (Int) -> Result) -> Result {
        var textLimit = initialLimit
        var result = make(textLimit)
        while textLimit > smallestLimit, let data = try? ReportJSON.data(result), data.count > maximumBytes {
            textLimit /= 2
            result = make(textLimit)
        }
        return result
    }

    /// `Backward pass of ... (fc-backward): 7/10`, with the verdict when it is not `graded`.
    static func summary(of report: ExerciseReport) -> String {
        var line = "\(report.title) (\(report.exercise.rawValue)): \(report.score)/\(report.maxScore)"
        switch report.status {
        case .graded: break
        case .missingFile, .rejectedFile:
            line += " (\(label(report.status)))"
            if let message = report.methods.first?.message { line += ": " + message }
        case .compileError, .compileTimedOut, .compileMemoryLimit:
            line += " (\(label(report.status)))"
        }
        return line
    }

    /// A report status in words.
    static func label(_ status: ExerciseReport.Status) -> String {
        switch status {
        case .graded: "graded"
        case .compileError: "compile error"
        case .compileTimedOut: "compile timed out"
        case .compileMemoryLimit: "compiler out of memory"
        case .missingFile: "missing file"
        case .rejectedFile: "file refused"
        }
    }

    /// What a method's test says first: the verdict and the tally, without the values of a failing
    /// case (those are shown with the case, as its kind's visibility allows).
    static func verdict(of method: MethodResult) -> String {
        switch method.status {
        case .wrongValues, .wrongShape, .nonFinite, .missingValue:
            "\(method.status.label): \(method.casesPassed) of \(method.casesTotal) cases passed"
        default:
            method.message
        }
    }

    /// Says that only the first failing cases are listed, when more failed than a report keeps.
    static func listing(of method: MethodResult) -> String? {
        let failed = method.casesTotal - method.casesPassed
        guard !method.failures.isEmpty, failed > method.failures.count else { return nil }
        return "(\(failed) cases failed; the first \(method.failures.count) are listed)"
    }

    /// `text`, cut to at most `limit` bytes of UTF-8 (at a character boundary) with a line saying
    /// how much was cut.
    static func cut(_ text: String, to limit: Int) -> String {
        let bytes = text.utf8.count
        guard bytes > limit else { return text }
        var kept = ""
        var used = 0
        for character in text {
            let size = character.utf8.count
            guard used + size <= limit else { break }
            kept.append(character)
            used += size
        }
        return kept + "\n[... \(bytes - used) more bytes not shown]"
    }
}
