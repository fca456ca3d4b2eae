import Foundation
import GraderCore
import WorkerRuntime

/// Which program the workers run: `grader-worker` beside the grader, or, where it is missing (a
/// grader copied alone), the grader itself in its hidden worker mode, which grades the same but
/// brings all of the grader (Foundation, the grading code) into each sandbox, and in a release
/// build a second Swift runtime beside the plugin's.
enum WorkerNotice {
    /// The worker of the grader at `executable`, as `grader --version` names it.
    static func worker(of executable: String) -> String {
        let program = WorkerLauncher.workerProgram(besides: executable)
        guard program == executable else { return program }
        return "\(executable) \(WorkerMain.argument) (no grader-worker beside it: the same grades)"
    }

    /// The note for a command that ran student code with the grader itself as the worker, or `nil`
    /// when `grader-worker` is beside it.
    static func note(executable: String) -> String? {
        guard WorkerLauncher.workerProgram(besides: executable) == executable else { return nil }
        let folder = (executable as NSString).deletingLastPathComponent
        return "grader: note: there is no grader-worker in \(folder), so the workers ran "
            + "as the grader itself: the same grades, but each sandbox holds all of the grader; install the "
            + "grader-worker "
            + "built with this grader beside it (swift build -c release puts both in .build/release)"
    }
}
