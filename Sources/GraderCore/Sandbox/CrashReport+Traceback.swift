extension CrashReport {
    /// What a worker printed, for people: each crash reporter section (from `*** Signal … Backtracing`
    /// to `Backtrace took …`, some forty lines of addresses, registers and grader frames) becomes a
    /// short traceback of the calls that led to the crash, innermost first, down to the grader's glue.
    ///
    /// The runtime's frames that only report the error (`_assertionFailure`) and the kit's own stop
    /// are left out; the kit's members stay (`Tensor.matmul(_:) in ExerciseKit`), and the student's
    /// frames name their file and line. The JSON report keeps the full text.
    ///
    /// - Parameter output: what the worker printed.
    /// - Returns: the same text with its crash reports condensed.
    public static func condensed(_ output: String) -> String {
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false)
        var result: [Substring] = []
        var index = lines.startIndex
        while index < lines.endIndex {
            let line = lines[index]
            guard line.contains("*** Signal "), line.contains("Backtracing") else {
                result.append(line)
                index += 1
                continue
            }
            var end = index + 1
            while end < lines.endIndex, !lines[end].hasPrefix("Backtrace took") { end += 1 }
            result += traceback(lines[index..<min(end, lines.endIndex)]).map { Substring($0) }
            index = end + 1
            // The reporter's trailing blank lines go with it.
            while index < lines.endIndex, lines[index].isEmpty { index += 1 }
        }
        while let last = result.last, last.isEmpty { result.removeLast() }
        return result.joined(separator: "\n")
    }

    /// The traceback lines of one crash reporter section.
    static func traceback(_ section: ArraySlice<Substring>) -> [String] {
        var frames: [Frame] = []
        for line in section {
            guard let frame = Frame(line.trimmingCharacters(in: .whitespaces)) else { continue }
            if frame.function.hasPrefix("__bpgRun") || frame.file?.hasPrefix("BPGGlue_") == true { break }
            if frame.function.contains("_assertionFailure") || frame.function.contains("KitFailure.stop") { continue }
            frames.append(frame)
        }
        // `*** Program crashed: Illegal instruction at 0x… ***` → `Illegal instruction`.
        let headline = section.first { $0.contains("Program crashed: ") }.map { line in
            let text = line.components(separatedBy: "Program crashed: ").last ?? ""
            return (text.components(separatedBy: " at 0x").first ?? text).replacingOccurrences(of: " ***", with: "")
        }
        var lines = ["crashed (\(headline ?? "no details")); the crash reporter's full text is in the JSON report"]
        if !frames.isEmpty { lines.append("calls, innermost first:") }
        for frame in frames.prefix(12) {
            let place: String
            if let file = frame.file {
                place = "at " + file + (frame.line.map { ":\($0)" } ?? "")
            } else {
                place = "in " + describe(image: frame.image)
            }
            lines.append("  \(frame.function)  \(place)")
        }
        if frames.count > 12 { lines.append("  ... \(frames.count - 12) more") }
        return lines
    }

    /// An image as a student knows it: `ExerciseKit`, `the Swift runtime`, `your code`.
    static func describe(image: String) -> String {
        switch image {
        case "libExerciseKit.so": "ExerciseKit"
        case let name where name.hasPrefix("libswift"): "the Swift runtime"
        case let name where name.hasPrefix("libBPG"): "the grader's glue"
        case let name where name.count == 67 && name.hasSuffix(".so"): "your code"
        default: image
        }
    }
}
