import Foundation
import GraderCore
import Synchronization

/// Signs of life for `grader run` on a terminal: one status line saying what is happening now
/// (compiling; grading Sigmoid, case 4 of 12; 12 s of 20), cleared before the report.
final class RunProgressView: Sendable {
    private let console: Console
    private let enabled: Bool
    private let shown = Mutex<(text: String, at: Date)?>(nil)

    init(console: Console, enabled: Bool) {
        self.console = console
        self.enabled = enabled
    }

    /// Shows an event (throttled to a few redraws a second).
    func show(_ event: GradingControl.Event) {
        guard enabled else { return }
        let text = ProgressText.describe(event)
        shown.withLock { last in
            if let last,
                last.text == text || Date().timeIntervalSince(last.at) < 0.2 && last.text.prefix(8) == text.prefix(8)
            {
                return
            }
            console.status(text, replacing: 1)
            last = (text, Date())
        }
    }

    /// Clears the status line.
    func clear() {
        guard enabled else { return }
        shown.withLock { last in
            if last != nil { console.status("", replacing: 1) }
            last = nil
        }
    }
}

/// Progress for `grader batch`: on a terminal one status line with the students in progress and
/// what each is doing; elsewhere a line per finished (student, exercise).
final class BatchProgressView: @unchecked Sendable {
    // Only called on the batch's event queue, one event at a time: no lock needed.
    private let console: Console
    private var active: [StudentID: String] = [:]
    private var order: [StudentID] = []
    private var completed = 0
    /// How many (student, exercise) jobs the batch has: shown from the start, before any finishes.
    var total = 0

    init(console: Console) {
        self.console = console
    }

    func handle(_ event: BatchGrader.Event) {
        switch event {
        case .started(let student):
            active[student] = "starting"
            order.append(student)
        case .working(let student, let activity):
            active[student] = ProgressText.describe(activity)
        case .finished(let student, let exercise, let outcome, let completed, let total):
            self.completed = completed
            self.total = total
            let line =
                "[\(completed)/\(total)] \(TerminalText.safe(student.name)) \(exercise.rawValue): "
                + ProgressText.describe(outcome)
            if console.errorIsTerminal {
                if case .failed = outcome { console.status(line + "\n", replacing: 1) }
            } else {
                console.err(line)
            }
            if completedStudent(student, outcome: outcome) {
                active[student] = nil
                order.removeAll { $0 == student }
            }
        }
        guard console.errorIsTerminal else { return }
        let running = order.prefix(4).map { "\(TerminalText.safe($0.name)): \(active[$0] ?? "")" }
        let more = order.count > 4 ? " · +\(order.count - 4) more" : ""
        console.status("[\(completed)/\(total)] " + running.joined(separator: " · ") + more, replacing: 1)
    }

    /// Clears the status line.
    func finish() {
        if console.errorIsTerminal { console.status("", replacing: 1) }
    }

    private var finishedExercises: [StudentID: Int] = [:]
    var exercisesPerStudent = 1

    private func completedStudent(_ student: StudentID, outcome: JobOutcome) -> Bool {
        finishedExercises[student, default: 0] += 1
        return finishedExercises[student] == exercisesPerStudent
    }
}

/// The words of progress.
enum ProgressText {
    static func describe(_ event: GradingControl.Event) -> String {
        switch event {
        case .compiling(let exercises):
            return "compiling " + exercises.map(\.rawValue).joined(separator: ", ")
        case .running(let className, let done, let total, let elapsed, let limit):
            let seconds = Int(elapsed)
            let timing = seconds >= 2 ? " (\(seconds) s of \(Comparison.describe(limit)))" : ""
            return "grading \(className), case \(min(done + 1, total)) of \(total)\(timing)"
        }
    }

    static func describe(_ outcome: JobOutcome) -> String {
        switch outcome {
        case .graded(let report):
            return "\(report.score)/\(report.maxScore)" + (TextReport.note(report).map { " (\($0))" } ?? "")
        case .upToDate(let report):
            let note = TextReport.note(report).map { "\($0), " } ?? ""
            return "\(report.score)/\(report.maxScore) (\(note)up to date)"
        case .failed(let reason):
            return "error: \(TerminalText.safe(reason))"
        case .interrupted:
            return "interrupted"
        }
    }
}
