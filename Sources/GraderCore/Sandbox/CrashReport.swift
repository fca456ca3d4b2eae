import Foundation

/// What a crashed worker's output says: the Swift runtime's message, the student's line, and the
/// step of the glue (which member of the student's class) that was running.
///
/// The runtime prints `<file>:<line>: Fatal error: <message>` for a trap, and the crash reporter
/// (enabled by the worker's `SWIFT_BACKTRACE`) prints frames like
/// `2 [ra] 0x… Layer.backward(_:) + 82 in plugin.so at /…/FullyConnected.swift:14:17`. The first frame in a
/// student's file is the line to look at; frames in the stdlib, the kit and the grader's glue are
/// skipped. The first frame in the glue (`BPGGlue_<Class>.swift:<line>`) tells which glue line, so
/// which member, was running.
public struct CrashReport: Sendable {
    /// The runtime's message, e.g. `Index out of range`.
    public var runtimeMessage: String?
    /// The student's file and line, e.g. `FullyConnected.swift:14`.
    public var location: String?
    /// The crash reporter's headline, e.g. `Illegal instruction at 0x…`.
    public var headline: String?
    /// Whether the run died allocating memory (the address-space limit).
    public var isAllocationFailure: Bool
    /// The glue file and line the crash happened under, e.g. (`BPGGlue_FullyConnected.swift`, 12).
    public var glueLine: (file: String, line: Int)?

    /// The submission file names: a frame or a trap location in one of them is the student's.
    let studentFiles: [String]

    /// Reads a worker's output.
    ///
    /// - Parameters:
    ///   - output: what the worker printed, the crash reporter's text included.
    ///   - studentFiles: the submission's file names.
    public init(output: String, studentFiles: [String]) {
        self.studentFiles = studentFiles
        runtimeMessage = nil
        location = nil
        headline = nil
        isAllocationFailure = false
        glueLine = nil
        // The runtime's report comes last: a submission can print a fake one before crashing for real,
        // so every "Fatal error" line starts the report anew, and the last one wins.
        for rawLine in output.split(separator: "\n") {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if let range = line.range(of: "Fatal error: ") {
                runtimeMessage = String(line[range.upperBound...])
                location = nil
                headline = nil
                isAllocationFailure = false
                glueLine = nil
                // A trap in the student's own code names its file and line before the message.
                let prefix = line[..<range.lowerBound].trimmingCharacters(in: CharacterSet(charactersIn: ": "))
                if CrashReport.isStudentLocation(prefix, files: studentFiles) {
                    location = prefix.split(separator: "/").last.map(String.init)
                }
            }
            if headline == nil, let range = line.range(of: "Program crashed: ") {
                headline = String(line[range.upperBound...]).replacingOccurrences(of: " ***", with: "")
            }
            if let frame = Frame(line) {
                if location == nil, let place = frame.studentPlace(files: studentFiles) { location = place }
                if glueLine == nil, let file = frame.file, file.hasPrefix("BPGGlue_"), let number = frame.line {
                    glueLine = (file, number)
                }
            }
            let lowered = line.lowercased()
            if lowered.contains("could not allocate memory") || lowered.contains("failed to allocate")
                || lowered.contains("cannot allocate memory") || lowered.contains("out of memory")
            {
                isAllocationFailure = true
            }
        }
    }

    /// One line: the message and where, e.g. `Fatal error: Index out of range at FullyConnected.swift:14`.
    public var summary: String? {
        let what = runtimeMessage.map { "Fatal error: \($0)" } ?? headline
        switch (what, location) {
        case (let what?, let location?): return "\(what) at \(location)"
        case (let what?, nil): return what
        case (nil, let location?): return "crashed at \(location)"
        case (nil, nil): return nil
        }
    }

    /// The crash in words a beginner can act on: what stopped the program, where, and the runtime's
    /// message, e.g. `Swift runtime error at FullyConnected.swift:14: Index out of range`.
    ///
    /// - Parameter signal: the signal that ended the worker.
    /// - Returns: the sentence.
    public func describe(signal: Int32) -> String {
        let place = location.map { " at \($0)" } ?? ""
        if let runtimeMessage { return "Swift runtime error\(place): \(runtimeMessage)" }
        return CrashReport.meaning(of: signal) + place
    }

    /// What a signal that ended a program means, for a student (the signal's name in parentheses).
    public static func meaning(of signal: Int32) -> String {
        switch signal {
        case SIGILL, SIGTRAP:
            "the program stopped on a Swift runtime error (a failed check, such as an overflow or a nil unwrapped)"
        case SIGSEGV, SIGBUS: "the program used memory it does not own (\(signalName(signal)))"
        case SIGFPE: "an arithmetic error, such as an integer division by zero (SIGFPE)"
        case SIGABRT: "the program aborted (SIGABRT)"
        case SIGSYS: "the program made a system call that grading does not allow (SIGSYS)"
        case SIGXFSZ: "the program wrote more than grading allows (SIGXFSZ)"
        case SIGKILL: "the program was killed (SIGKILL)"
        default: "the program was stopped by \(signalName(signal))"
        }
    }

    static func isStudentLocation(_ text: String, files: [String]) -> Bool {
        let file = text.split(separator: "/").last.map(String.init) ?? text
        let name = file.split(separator: ":").first.map(String.init) ?? file
        return files.contains(name)
    }

    /// `File.swift:14`, or `File.swift, in Type.method(_:)` when the line table has no line there, from
    /// a crash reporter frame like `3 [ra] 0x… Type.method(_:) + 82 in x.so at /…/File.swift:14:17`.
    static func studentFrame(_ line: String, files: [String]) -> String? {
        Frame(line.trimmingCharacters(in: .whitespaces))?.studentPlace(files: files)
    }
}

extension CrashReport {
    /// One frame of the crash reporter's backtrace.
    struct Frame: Equatable {
        /// The function, e.g. `FullyConnected.backward(_:)`.
        var function: String
        /// The image, e.g. `libExerciseKit.so`.
        var image: String
        /// The source file's name, when the image has line tables, e.g. `FullyConnected.swift`.
        var file: String?
        /// The source line, when known.
        var line: Int?

        /// Parses `3 [ra] [inlined] 0x… Type.method(_:) + 82 in image.so at /path/File.swift:14:17`
        /// (the offset, the tags and the location are optional), or returns `nil` for other lines.
        init?(_ text: String) {
            guard let number = text.split(separator: " ").first, Int(number) != nil,
                let address = text.range(of: " 0x")
            else { return nil }
            // After the address: `function [+ offset] in image [at path]`; a function's name can hold
            // " in " (`closure #1 in f`), an image's cannot, so the image is after the last one.
            var rest = Substring(text[address.upperBound...].drop { $0.isHexDigit })
            if let at = rest.range(of: " at ", options: .backwards) {
                let path = rest[at.upperBound...]
                rest = rest[..<at.lowerBound]
                let name = path.split(separator: "/").last.map(String.init) ?? String(path)
                let parts = name.split(separator: ":")
                if let fileName = parts.first, fileName != "<compiler-generated>" {
                    file = String(fileName)
                    line = parts.count >= 2 ? Int(parts[1]) : nil
                }
            }
            guard let inRange = rest.range(of: " in ", options: .backwards) else { return nil }
            image = String(rest[inRange.upperBound...])
            let head = rest[..<inRange.lowerBound].trimmingCharacters(in: .whitespaces)
            function = head.components(separatedBy: " + ").first ?? head
        }

        /// `File.swift:14` (or `File.swift, in function` without a line) when the frame is in one of
        /// the student's files.
        func studentPlace(files: [String]) -> String? {
            guard let file, files.contains(file) else { return nil }
            if let line { return "\(file):\(line)" }
            return function.isEmpty ? file : "\(file), in \(function)"
        }
    }
}
