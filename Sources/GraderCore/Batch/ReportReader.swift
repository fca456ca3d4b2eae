import Foundation
import Synchronization

/// What every report of one batch shares: its seed and its grading key (``ExerciseReport/configuration``,
/// `nil` in a report of a grader older than shards).
public struct GradingKey: Hashable, Sendable {
    /// The seed.
    public var seed: UInt64
    /// The grading key.
    public var configuration: String?

    /// Creates a key.
    public init(seed: UInt64, configuration: String?) {
        self.seed = seed
        self.configuration = configuration
    }
}

/// Reads the reports of a class from a report folder (`OUT/<student>/<exercise>.json`), several
/// students at once, for ``ClassMerger``.
struct ReportReader: Sendable {
    /// What was found.
    struct Found: Sendable {
        /// The reports, ``ExerciseReport/compacted`` (as a batch keeps them for its class files).
        var reports: [StudentID: [ExerciseID: ExerciseReport]] = [:]
        /// The students without all their reports, in class order, with the exercises missing.
        var missing: [(student: StudentID, exercises: [ExerciseID])] = []
        /// Report files that do not decode.
        var unreadable: [String] = []
        /// The paths of the reports, by their key.
        var byKey: [GradingKey: [String]] = [:]

        /// The key most reports have (the smallest seed first on a tie), if any report was read.
        var mostCommonKey: GradingKey? {
            byKey.max { left, right in
                left.value.count != right.value.count
                    ? left.value.count < right.value.count
                    : (left.key.seed, left.key.configuration ?? "") > (right.key.seed, right.key.configuration ?? "")
            }?.key
        }

        /// The reports whose key is not `key`, sorted by path.
        func foreign(from key: GradingKey) -> [MergeError.ForeignReport] {
            byKey.filter { $0.key != key }.flatMap { entry in
                entry.value.map {
                    MergeError.ForeignReport(path: $0, seed: entry.key.seed, configuration: entry.key.configuration)
                }
            }.sorted { $0.path < $1.path }
        }
    }

    /// One student's share of ``Found``.
    private struct StudentFound: Sendable {
        var reports: [ExerciseID: ExerciseReport] = [:]
        var missing: [ExerciseID] = []
        var unreadable: [String] = []
        var keys: [(GradingKey, String)] = []
    }

    /// The report folder.
    let outputDirectory: String
    /// The exercises whose reports are read.
    let exercises: [ExerciseID]

    /// Reads the reports of `students`.
    func read(_ students: [StudentID]) -> Found {
        let slots = Mutex([StudentFound?](repeating: nil, count: students.count))
        DispatchQueue.concurrentPerform(iterations: students.count) { index in
            let found = readStudent(students[index])
            slots.withLock { $0[index] = found }
        }
        var result = Found()
        for (student, found) in zip(students, slots.withLock { $0 }) {
            guard let found else { continue }
            if !found.reports.isEmpty { result.reports[student] = found.reports }
            if !found.missing.isEmpty { result.missing.append((student, found.missing)) }
            result.unreadable += found.unreadable
            for (key, path) in found.keys { result.byKey[key, default: []].append(path) }
        }
        return result
    }

    private func readStudent(_ student: StudentID) -> StudentFound {
        var found = StudentFound()
        for exercise in exercises {
            let relative = student.folderName + "/" + exercise.rawValue + ".json"
            guard let data = FileManager.default.contents(atPath: outputDirectory + "/" + relative) else {
                found.missing.append(exercise)
                continue
            }
            guard let report = try? ReportJSON.decode(ExerciseReport.self, from: data), report.exercise == exercise
            else {
                found.unreadable.append(relative)
                continue
            }
            found.reports[exercise] = report.compacted
            found.keys.append((GradingKey(seed: report.seed, configuration: report.configuration), relative))
        }
        return found
    }
}
