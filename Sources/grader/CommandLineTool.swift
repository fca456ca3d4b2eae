import Foundation
import GraderCore
import WorkerRuntime

/// The `grader` command line: picks the command, and turns every error into one line and an exit
/// status, here and nowhere else (SPEC section 8).
enum CommandLineTool {
    /// The grader's version.
    static let version = "1.1.0"

    /// Every command, in the order `--help` lists them.
    static let commands: [(spec: CommandSpec, run: @Sendable (ParsedArguments, Console) throws -> ExitStatus)] = [
        (ListCommand.spec, ListCommand.run), (RunCommand.spec, RunCommand.run), (BatchCommand.spec, BatchCommand.run),
        (MergeCommand.spec, MergeCommand.run), (CasesCommand.spec, CasesCommand.run),
        (InitCommand.spec, InitCommand.run), (ExportCommand.spec, ExportCommand.run),
        (PrepareCommand.spec, PrepareCommand.run),
    ]

    static var usage: String {
        let width = (commands.map { $0.spec.name.count + 1 + $0.spec.usage.count }.max() ?? 0) + 2
        let list = commands.map { command in
            "  " + "\(command.spec.name) \(command.spec.usage)".padding(toLength: width, withPad: " ", startingAt: 0)
                + command.spec.summary
        }
        return
            ([
                "grader: an auto-grader for backpropagation exercises", "", "usage: grader <command> [options]", "",
                "commands:",
            ] + list + [
                "", "common options:",
                "  --config FILE        the course configuration (default: GRADER_CONFIG, then grader.json here or in",
                "                       a folder above, then the course the grader was built with)",
                "  --seed N             the seed for cases (default: grader.json's)",
                "  --time-limit SECONDS the time limit per graded class (default: grader.json's)",
                "  -h, --help           help for a command: grader <command> --help",
                "  --version            the version and the configuration in use",
            ]).joined(separator: "\n")
    }

    /// Runs the command line and returns the exit status.
    static func run(_ arguments: [String], console: Console) -> Int32 {
        guard let name = arguments.first else {
            console.err(usage)
            return ExitStatus.usage.rawValue
        }
        let rest = Array(arguments.dropFirst())
        do {
            switch name {
            case "-h", "--help", "help":
                console.out(usage)
                return ExitStatus.success.rawValue
            case "--version", "version":
                console.out(try versionText())
                return ExitStatus.success.rawValue
            default:
                guard let command = commands.first(where: { $0.spec.name == name }) else {
                    throw UsageError.unknownCommand(
                        name, suggestion: closest(name, in: commands.map(\.spec.name) + ["--version", "--help"]))
                }
                let parsed = try ParsedArguments(rest, spec: command.spec)
                if parsed.wantsHelp {
                    console.out(command.spec.help)
                    return ExitStatus.success.rawValue
                }
                return try command.run(parsed, console).rawValue
            }
        } catch let error as UsageError {
            let help = error.command.map { "grader \($0) --help" } ?? "grader --help"
            console.err("grader: \(TerminalText.safe(error.description)) (see '\(help)')")
            return ExitStatus.usage.rawValue
        } catch GraderError.cancelled {
            console.err("grader: interrupted")
            return ExitStatus.interrupted.rawValue
        } catch let error as any Error & CustomStringConvertible {
            console.err("grader: \(TerminalText.safe(error.description))")
            return ExitStatus.failure.rawValue
        } catch {
            console.err("grader: \(TerminalText.safe(error.localizedDescription))")
            return ExitStatus.failure.rawValue
        }
    }

    /// `grader --version`: the version, which configuration and cache a command here would use, and
    /// which program its workers run.
    static func versionText() throws -> String {
        let home = GraderHome.current()
        let (path, source) = ConfigurationLocator.locate(
            option: nil, environment: ProcessInfo.processInfo.environment,
            workingDirectory: FileManager.default.currentDirectoryPath, home: home)
        return """
            backprop-grader \(version) (report format 1, plugin ABI \(WorkerMain.abiVersion))
            configuration: \(path) (\(source))
            grader files: \(home.root)
            cache: \(home.cacheDirectory)
            worker: \(WorkerNotice.worker(of: CommonOptions.executable))
            """
    }
}
