import Foundation

/// What a crashed worker's output says: the Swift runtime's message and the student's line.
///
/// The runtime prints `<file>:<line>: Fatal error: <message>` for a trap, and the crash reporter
/// (enabled by the worker's `SWIFT_BACKTRACE`) prints frames like
/// `... Layer.backward(_:) + 82 in plugin.so at /…/FullyConnected.swift:14:17`. The first frame in a
/// student's file is the line to look at; frames in the stdlib and in the grader's glue are skipped.
struct CrashReport {
    /// The runtime's message, e.g. `Index out of range`.
    var runtimeMessage: String?
    /// The student's file and line, e.g. `FullyConnected.swift:14`.
    var location: String?
    /// The crash reporter's headline, e.g. `Illegal instruction at 0x…`.
    var headline: String?
    /// Whether the run died allocating memory (the address-space limit).
    var isAllocationFailure: Bool

    /// The submission file names: a frame or a trap location in one of them is the student's.
    let studentFiles: [String]

    init(output: String, studentFiles: [String]) {
        self.studentFiles = studentFiles
        var runtimeMessage: String?
        var location: String?
        var headline: String?
        var allocation = false
        // The runtime's report comes last: a submission can print a fake one before crashing for real,
        // so every "Fatal error" line starts the report anew, and the last one wins.
        for rawLine in output.split(separator: "\n") {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if let range = line.range(of: "Fatal error: ") {
                runtimeMessage = String(line[range.upperBound...])
                location = nil
                headline = nil
                allocation = false
                // A trap in the student's own code names its file and line before the message.
                let prefix = line[..<range.lowerBound].trimmingCharacters(in: CharacterSet(charactersIn: ": "))
                if CrashReport.isStudentLocation(prefix, files: studentFiles) {
                    location = prefix.split(separator: "/").last.map(String.init)
                }
            }
            if headline == nil, let range = line.range(of: "Program crashed: ") {
                headline = String(line[range.upperBound...]).replacingOccurrences(of: " ***", with: "")
            }
            if location == nil, let frame = CrashReport.studentFrame(line, files: studentFiles) { location = frame }
            let lowered = line.lowercased()
            if lowered.contains("could not allocate memory") || lowered.contains("failed to allocate")
                || lowered.contains("cannot allocate memory") || lowered.contains("out of memory")
            {
                allocation = true
            }
        }
        self.runtimeMessage = runtimeMessage
        self.location = location
        self.headline = headline
        self.isAllocationFailure = allocation
    }

    /// One line: the message and where, e.g. `Fatal error: Index out of range at FullyConnected.swift:14`.
    var summary: String? {
        let what = runtimeMessage.map { "Fatal error: \($0)" } ?? headline
        switch (what, location) {
        case (let what?, let location?): return "\(what) at \(location)"
        case (let what?, nil): return what
        case (nil, let location?): return "crashed at \(location)"
        case (nil, nil): return nil
        }
    }

    /// `File.swift:14`, or `File.swift, in Type.method(_:)` when the line table has no line there, from
    /// a crash reporter frame like `3 [ra] 0x… Type.method(_:) + 82 in x.so at /…/File.swift:14:17`.
    static func studentFrame(_ line: String, files: [String]) -> String? {
        guard let atRange = line.range(of: " at ", options: .backwards),
            let inRange = line.range(of: " in ", options: .backwards, range: line.startIndex..<atRange.lowerBound)
        else { return nil }
        let path = String(line[atRange.upperBound...])
        let file = path.split(separator: "/").last.map(String.init) ?? path
        let parts = file.split(separator: ":")
        guard let name = parts.first.map(String.init), isStudentLocation(name, files: files) else { return nil }
        if parts.count >= 2 { return "\(name):\(parts[1])" }
        // The function: after the address, before " + offset".
        let head = line[..<inRange.lowerBound]
        guard let address = head.range(of: "0x") else { return name }
        let afterAddress = head[address.upperBound...].drop { $0.isHexDigit }.trimmingCharacters(in: .whitespaces)
        let function = afterAddress.components(separatedBy: " + ").first ?? afterAddress
        return function.isEmpty ? name : "\(name), in \(function)"
    }

    static func isStudentLocation(_ text: String, files: [String]) -> Bool {
        let file = text.split(separator: "/").last.map(String.init) ?? text
        let name = file.split(separator: ":").first.map(String.init) ?? file
        return files.contains(name)
    }
}
