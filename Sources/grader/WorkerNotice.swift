import Foundation
import GraderCore
import WorkerRuntime

/// Which program the workers run: `grader-worker` beside the grader, or, where it is missing (a
/// grader copied alone), the grader itself in its hidden worker mode, which grades the same but
/// starts each worker slower (Foundation and the grader's own libraries are loaded for it).
enum WorkerNotice {
    /// The worker of the grader at `executable`, as `grader --version` names it.
    static func worker(of executable: String) -> String {
        let program = WorkerLauncher.workerProgram(besides: executable)
        guard program == executable else { return program }
        return "\(executable) \(WorkerMain.argument) (no grader-worker beside it: the same grades, slower to start)"
    }

    /// The note for a command that ran student code with the grader itself as the worker, or `nil`
    /// when `grader-worker` is beside it.
    static func note(executable: String) -> String? {
        guard WorkerLauncher.workerProgram(besides: executable) == executable else { return nil }
        let folder = (executable as NSString).deletingLastPathComponent
        return "grader: note: there is no grader-worker in \(folder), so the workers ran "
            + "as the grader itself: the same grades, but each worker starts slower; install the grader-worker "
            + "built with this grader beside it (swift build -c release puts both in .build/release)"
    }
}
