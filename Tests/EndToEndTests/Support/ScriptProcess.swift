import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Runs a script or tool of the platforms' tests (`run_autograder`, `setup.sh`, the entrypoint, the
/// export maker) as the platform would: its own environment, its own working folder.
enum ScriptProcess {
    /// Runs `executable arguments` to the end, in `directory`, with `environment` set on top of this
    /// process's (and `removing` taken out).
    ///
    /// - Parameter watchdog: seconds after which it is killed and the test fails (not a timing
    ///   assertion: only so that a hung script cannot hang the test run).
    static func run(
        _ executable: String, _ arguments: [String] = [], environment: [String: String] = [:], removing: [String] = [],
        in directory: String, watchdog: TimeInterval = 600
    ) throws -> GraderOutput {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var variables = ProcessInfo.processInfo.environment
        for name in removing { variables[name] = nil }
        variables.merge(environment) { _, new in new }
        process.environment = variables
        process.standardInput = FileHandle.nullDevice
        _ = FileManager.default.createFile(atPath: scratch.path + "/stdout", contents: nil)
        _ = FileManager.default.createFile(atPath: scratch.path + "/stderr", contents: nil)
        process.standardOutput = FileHandle(forWritingAtPath: scratch.path + "/stdout")
        process.standardError = FileHandle(forWritingAtPath: scratch.path + "/stderr")
        try process.run()
        let deadline = Date().addingTimeInterval(watchdog)
        while process.isRunning, Date() < deadline { usleep(20_000) }
        if process.isRunning {
            kill(-process.processIdentifier, SIGKILL)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            throw TestFailure("\(executable) hung: killed after \(Int(watchdog)) s")
        }
        process.waitUntilExit()
        return GraderProcess.finished(
            process, stdoutPath: scratch.path + "/stdout", stderrPath: scratch.path + "/stderr")
    }

    /// The environment that points a platform script at the grader these tests built (instead of the
    /// one `setup.sh` builds) and at the package's cache, so that plugins compiled once are reused.
    static var testedGrader: [String: String] {
        [
            "GRADER_BIN": GraderProcess.binary, "GRADER_HOME": GraderProcess.packageRoot,
            "GRADER_CACHE_DIR": GraderProcess.packageRoot + "/.build/grader-cache",
        ]
    }

    /// Copies the files of a sample student into `folder` (created), under `subfolder` when given.
    static func copyStudent(_ student: String, into folder: String, subfolder: String? = nil) throws {
        let target = subfolder.map { folder + "/" + $0 } ?? folder
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: GraderProcess.example(student)) {
            try FileManager.default.copyItem(
                atPath: GraderProcess.example(student) + "/" + name, toPath: target + "/" + name)
        }
    }

    /// Replaces a folder with an empty one.
    static func reset(_ folder: String) throws {
        try? FileManager.default.removeItem(atPath: folder)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }
}
