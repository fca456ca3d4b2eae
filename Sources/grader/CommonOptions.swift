import Foundation
import GraderCore

/// What every grading command shares: the configuration (found as ``ConfigurationLocator`` says),
/// the seed, the time limit, and the environment the library does not read itself.
struct CommonOptions {
    var configPath: String
    var configSource: ConfigurationLocator.Source
    var seed: UInt64?
    var timeLimit: Double?
    let home: GraderHome

    init(_ arguments: ParsedArguments, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        home = GraderHome.current(environment: environment)
        (configPath, configSource) = ConfigurationLocator.locate(
            option: arguments.value("config"), environment: environment,
            workingDirectory: FileManager.default.currentDirectoryPath, home: home)
        if let text = arguments.value("seed") {
            guard let seed = UInt64(text) else {
                throw UsageError.badValue(
                    command: arguments.spec.name, option: "--seed", value: text, expected: "a whole number ≥ 0")
            }
            self.seed = seed
        }
        timeLimit = try arguments.number("time-limit", minimum: 0.1)
    }

    func configuration() throws -> CourseConfiguration {
        try CourseConfiguration.load(path: configPath)
    }

    /// The configured exercise `text` names; an unknown one is a usage error with a suggestion.
    static func exercise(_ text: String, in configuration: CourseConfiguration, command: String) throws
        -> ExerciseConfiguration
    {
        guard let exercise = configuration.exercise(ExerciseID(rawValue: text)) else {
            let known = configuration.exercises.map(\.id.rawValue)
            throw UsageError.unknownExercise(
                command: command, id: text, known: known, suggestion: closest(text, in: known))
        }
        return exercise
    }

    /// The grader, with the real compiler and sandbox. Reads what the library leaves to the command
    /// line: `GRADER_NAMESPACES=0` (no namespaces, as on a kernel without them), `GRADER_RESULT_CACHE=0`
    /// (grade again what was graded before), and has the folders of graders that were killed
    /// removed before its first compile or worker.
    func grader(
        _ configuration: CourseConfiguration, exercises: [ExerciseID],
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> Grader {
        SandboxFolder.removeStaleBeforeFirstFolder(in: [NSTemporaryDirectory(), home.workDirectory])
        return try Grader.make(
            configuration: configuration, exercises: exercises, seed: seed, timeLimitSeconds: timeLimit,
            workerExecutable: CommonOptions.executable, home: home,
            useNamespaces: environment["GRADER_NAMESPACES"] != "0",
            useResultCache: environment["GRADER_RESULT_CACHE"] != "0")
    }

    /// The running executable, which workers re-run in worker mode.
    static var executable: String {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
    }
}

/// Says once, plainly, which isolation mechanisms this machine could not provide, and why.
enum SandboxNotice {
    static func print(
        _ reports: [ExerciseReport], console: Console,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        guard let ran = reports.first(where: { !$0.sandbox.isEmpty }) else { return }
        if reports.contains(where: { !$0.sandbox.isEmpty && $0.timings.cachedResult != true }),
            let note = WorkerNotice.note(executable: CommonOptions.executable)
        {
            console.err(note)
        }
        let missing = SandboxMechanism.missing(from: ran.sandbox)
        guard !missing.isEmpty else { return }
        var causes: [String] = []
        let namespacesOff = environment["GRADER_NAMESPACES"] == "0"
        if let refusal = WorkerLauncher.minimalRootRefusal, !namespacesOff {
            causes.append("no minimal root: \(refusal)")
        }
        if namespacesOff {
            causes.append("namespaces are off: GRADER_NAMESPACES=0 is set")
        } else if missing.contains(.userNamespace) {
            causes.append("the kernel refused a user namespace (see /proc/sys/user/max_user_namespaces)")
        }
        if missing.contains(.unprivilegedUser) {
            causes.append(
                "the workers keep root's user id because the grader's files are not readable by other users "
                    + "(make the checkout and its .build world-readable, or run as an ordinary user)")
        }
        if missing.contains(.landlockFiles) { causes.append("this kernel has no Landlock") }
        console.err(
            "grader: note: sandbox mechanisms not in force here: "
                + missing.map(\.rawValue).joined(separator: ", ")
                + (causes.isEmpty ? "" : " (" + causes.joined(separator: "; ") + ")")
                + "; student code still runs in a separate process with limits and "
                + ran.sandbox.map(\.rawValue).joined(separator: ", "))
    }

    /// Says which isolation mechanisms were in force, always (for a platform's log, which only
    /// instructors read: Gradescope keeps `run_autograder`'s output for them).
    static func printInForce(_ reports: [ExerciseReport], console: Console) {
        guard let ran = reports.first(where: { !$0.sandbox.isEmpty }) else {
            console.err("grader: sandbox: no student code ran (nothing compiled)")
            return
        }
        console.err("grader: sandbox mechanisms in force: " + ran.sandbox.map(\.rawValue).joined(separator: ", "))
    }
}
