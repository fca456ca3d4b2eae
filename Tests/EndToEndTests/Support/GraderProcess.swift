import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// What a finished `grader` process left behind.
struct GraderOutput: CustomStringConvertible {
    /// Everything it wrote on standard output.
    var stdout: String
    /// Everything it wrote on standard error.
    var stderr: String
    /// Its exit status (or the signal that ended it, when ``signaled``).
    var status: Int32
    /// Whether a signal ended it.
    var signaled: Bool

    /// Standard error's non-empty lines.
    var stderrLines: [String] {
        stderr.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
    }

    /// Standard output's lines, without a trailing empty one.
    var stdoutLines: [String] {
        stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).reversed()
            .drop { $0.isEmpty }.reversed()
    }

    var description: String {
        "exit \(signaled ? "by signal " : "")\(status)\n--- stdout ---\n\(stdout)\n--- stderr ---\n\(stderr)"
    }
}

/// Runs the BUILT `grader` executable (the one SwiftPM put next to this test bundle) as a subprocess.
enum GraderProcess {
    /// The package root: `Tests/EndToEndTests/Support/GraderProcess.swift` is three folders below it.
    static let packageRoot: String = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// The `grader` executable next to the test bundle.
    static let binary: String = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        .deletingLastPathComponent().appendingPathComponent("grader").path

    /// The shipped course configuration.
    static var configPath: String { packageRoot + "/grader.json" }

    /// A sample student's folder under `Examples/submissions`.
    static func example(_ student: String) -> String { packageRoot + "/Examples/submissions/" + student }

    /// Runs `grader arguments` to the end.
    ///
    /// - Parameters:
    ///   - arguments: the command line after `grader`.
    ///   - environment: variables to set on top of this process's environment.
    ///   - removing: variables to take out of the environment (e.g. `NO_COLOR`).
    ///   - directory: the working directory (default: the package root, so `./grader.json` is found).
    ///   - standardOutput: where standard output goes instead of being captured.
    ///   - executable: another copy of the binary to run (an installed one), instead of the built one.
    ///   - watchdog: seconds after which a grader that has not finished is killed and the test fails;
    ///     not a timing assertion (every command here takes seconds), only so that a hung grader
    ///     cannot hang the whole test run.
    /// - Returns: the captured output and exit status.
    static func run(
        _ arguments: [String], environment: [String: String] = [:], removing: [String] = [],
        in directory: String? = nil,
        standardOutput: FileHandle? = nil, watchdog: TimeInterval = 300, executable: String? = nil
    ) throws -> GraderOutput {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        let stdoutPath = scratch.path + "/stdout"
        let stderrPath = scratch.path + "/stderr"
        let process = try start(
            arguments, environment: environment, removing: removing, in: directory, stdoutPath: stdoutPath,
            stderrPath: stderrPath, standardOutput: standardOutput, executable: executable)
        let deadline = Date().addingTimeInterval(watchdog)
        while process.isRunning, Date() < deadline { usleep(5_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let output = finished(process, stdoutPath: stdoutPath, stderrPath: stderrPath)
            throw TestFailure(
                "grader \(arguments.joined(separator: " ")) hung: killed after \(Int(watchdog)) s\n\(output)")
        }
        process.waitUntilExit()
        return finished(process, stdoutPath: stdoutPath, stderrPath: stderrPath)
    }

    /// Starts `grader arguments` in the background, its output going to files.
    ///
    /// - Returns: the running process; wait for it and read the files with ``finished(_:stdoutPath:stderrPath:)``.
    static func start(
        _ arguments: [String], environment: [String: String] = [:], removing: [String] = [],
        in directory: String? = nil,
        stdoutPath: String, stderrPath: String, standardOutput: FileHandle? = nil, executable: String? = nil
    ) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable ?? binary)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory ?? packageRoot)
        var variables = ProcessInfo.processInfo.environment
        for name in removing { variables[name] = nil }
        variables.merge(environment) { _, new in new }
        process.environment = variables
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try standardOutput ?? writableFile(stdoutPath)
        process.standardError = try writableFile(stderrPath)
        try process.run()
        return process
    }

    /// Reads what a finished process wrote to the files given to ``start(_:environment:removing:in:stdoutPath:stderrPath:standardOutput:)``.
    static func finished(_ process: Process, stdoutPath: String, stderrPath: String) -> GraderOutput {
        let text = { (path: String) in
            FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) } ?? ""
        }
        return GraderOutput(
            stdout: text(stdoutPath), stderr: text(stderrPath), status: process.terminationStatus,
            signaled: process.terminationReason == .uncaughtSignal)
    }

    private static func writableFile(_ path: String) throws -> FileHandle {
        guard FileManager.default.createFile(atPath: path, contents: nil),
            let handle = FileHandle(forWritingAtPath: path)
        else {
            throw TestFailure("cannot create \(path)")
        }
        return handle
    }
}

/// A fresh directory under the system's temporary directory; `remove()` deletes it and its content.
struct TemporaryDirectory {
    /// Its absolute path.
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("grader-e2e-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// Deletes the directory.
    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Copies sample students into `<path>/<folder>`, renaming each as given.
    ///
    /// - Parameters:
    ///   - students: pairs of (sample student, folder name in the copy).
    ///   - folder: the class folder inside this directory.
    /// - Returns: the class folder's path.
    @discardableResult
    func copyClass(_ students: [(String, String)], into folder: String = "class") throws -> String {
        let classPath = path + "/" + folder
        try FileManager.default.createDirectory(atPath: classPath, withIntermediateDirectories: true)
        for (student, name) in students {
            try FileManager.default.copyItem(atPath: GraderProcess.example(student), toPath: classPath + "/" + name)
        }
        return classPath
    }

    /// Every regular file under `relative` (recursively), as paths relative to this directory, sorted.
    func files(under relative: String) -> [String] {
        let root = path + "/" + relative
        guard let enumerator = FileManager.default.enumerator(atPath: root) else { return [] }
        var found: [String] = []
        while let next = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: root + "/" + next, isDirectory: &isDirectory),
                !isDirectory.boolValue
            {
                found.append(relative + "/" + next)
            }
        }
        return found.sorted()
    }
}

/// A failure of the test harness itself (not of the grader).
struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// `Examples/expected-grades.csv`: what a default batch of the sample class produces, by student.
enum ExpectedGrades {
    /// The header row's columns.
    static func header() throws -> [String] {
        try rows().header
    }

    /// A student's row: exercise id (and `total`) → the score as written.
    static func row(_ student: String) throws -> [String: String] {
        let table = try rows()
        let row = try #require(table.rows.first { $0.first == student }, "no row for \(student)")
        return Dictionary(uniqueKeysWithValues: zip(table.header, row))
    }

    /// A student's score for an exercise, as a number.
    static func score(_ student: String, _ column: String) throws -> Double {
        let text = try #require(try row(student)[column])
        return try #require(Double(text))
    }

    private static func rows() throws -> (header: [String], rows: [[String]]) {
        let path = GraderProcess.packageRoot + "/Examples/expected-grades.csv"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let lines = CSV.lines(text)
        let header = try #require(lines.first)
        return (header, Array(lines.dropFirst()))
    }
}

/// Just enough CSV for `grades.csv`: no quoted fields are expected for the sample's student names.
enum CSV {
    /// The non-empty lines (CRLF or LF), split on commas.
    static func lines(_ text: String) -> [[String]] {
        text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n").map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
    }
}

/// Checks the shape every "could not grade" or usage error must have: exactly one line on standard
/// error, starting with `grader:`, and nothing that looks like a crash.
func expectOneLineError(
    _ output: GraderOutput, status: Int32, mentioning fragment: String? = nil,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(!output.signaled, "\(output)", sourceLocation: sourceLocation)
    #expect(output.status == status, "\(output)", sourceLocation: sourceLocation)
    #expect(output.stderrLines.count == 1, "\(output)", sourceLocation: sourceLocation)
    #expect(output.stderrLines.first?.hasPrefix("grader:") == true, "\(output)", sourceLocation: sourceLocation)
    for crash in ["Fatal error", "Backtrace", "Program crashed", "Stack dump"] {
        #expect(!output.stderr.contains(crash), "\(output)", sourceLocation: sourceLocation)
    }
    if let fragment {
        #expect(output.stderr.contains(fragment), "\(output)", sourceLocation: sourceLocation)
    }
}

extension ExpectedGrades {
    /// A score as `grades.csv` and the text report write it: no needless decimals, at most three.
    static func format(_ value: Double) -> String {
        let rounded = (value * 1000).rounded() / 1000
        if rounded == rounded.rounded() { return String(Int(rounded)) }
        var text = String(format: "%.3f", rounded)
        while text.hasSuffix("0") { text.removeLast() }
        return text
    }
}

extension GraderProcess {
    /// `TIOCSPTLCK` and `TIOCGPTN` from Linux's `<asm-generic/ioctls.h>` (macros Swift does not import).
    private static let setPseudoTerminalLock: UInt = 0x4004_5431
    private static let getPseudoTerminalNumber: UInt = 0x8004_5430

    /// Runs `grader arguments` with standard output on a pseudo-terminal, as in an instructor's shell.
    ///
    /// Only for commands that print little (the terminal's buffer is not drained while the command
    /// runs). Standard error is still captured through a file.
    static func runOnTerminal(
        _ arguments: [String], environment: [String: String] = [:], removing: [String] = []
    ) throws -> GraderOutput {
        // posix_openpt, grantpt and unlockpt by hand: Glibc's module does not export them.
        let master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
        try #require(master >= 0, "no pseudo-terminal: \(String(cString: strerror(errno)))")
        defer { close(master) }
        var unlock: Int32 = 0
        var number: UInt32 = 0
        try #require(ioctl(master, Self.setPseudoTerminalLock, &unlock) == 0, "cannot unlock the pseudo-terminal")
        try #require(ioctl(master, Self.getPseudoTerminalNumber, &number) == 0, "no pseudo-terminal number")
        let name = "/dev/pts/\(number)"
        let slave = open(name, O_RDWR | O_NOCTTY)
        try #require(slave >= 0, "cannot open \(name)")
        let terminal = FileHandle(fileDescriptor: slave, closeOnDealloc: false)
        var output = try run(arguments, environment: environment, removing: removing, standardOutput: terminal)
        close(slave)
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(master, $0.baseAddress, $0.count) }
            if count <= 0 { break }
            bytes.append(contentsOf: buffer[0..<count])
        }
        output.stdout = String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
        return output
    }
}
