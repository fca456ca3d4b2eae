import Foundation
import GraderCore

/// What `grader batch` says about a class read from a platform's export, on standard error.
enum PlatformNotes {
    /// How many notes are printed before the rest are counted.
    static let shown = 10

    /// The layout read and its notes (files skipped, found in sub-folders, re-uploads).
    static func print(_ source: ClassImport, console: Console) {
        switch source.layout {
        case .folders: return
        case .gradescope:
            console.err("grader: a Gradescope export: \(source.identities.count) submissions")
        case .canvas:
            console.err("grader: a Canvas download: \(source.identities.count) students")
        }
        for note in source.notes.prefix(shown) { console.err("grader: note: " + TerminalText.safe(note)) }
        if source.notes.count > shown {
            console.err("grader: note: and \(source.notes.count - shown) more like these")
        }
    }

    /// The class-level files in the report folder, in the batch's order.
    static func classFiles(in directory: String) -> String {
        ClassFileFormat.all.map(\.name).filter { FileManager.default.fileExists(atPath: directory + "/" + $0) }
            .joined(separator: ", ")
    }

    /// Says which gradebook file was not written for a platform's class, and why.
    static func printOmissions(_ result: BatchGrader.Result, exercises: [ExerciseConfiguration], console: Console) {
        let report = ClassReport(
            students: result.students, exercises: exercises.map(\.exercise), reports: result.reports, seed: 0,
            configurationFingerprint: "")
        if let omission = MoodleGradebook.omission(report) { console.err("grader: note: " + omission) }
    }
}
