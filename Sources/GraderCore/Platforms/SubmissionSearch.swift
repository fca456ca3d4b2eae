import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Finds each exercise's file in a submission as the platforms deliver it (Gradescope's
/// `/autograder/submission`, PrairieLearn's `/grade/student`, a folder of a Gradescope export): at
/// the top or in a sub-folder, among other files, and copies what it found into a folder of its own
/// with the file at the top, for ``Grader`` to grade as usual.
///
/// Nothing is followed: folders are walked with `lstat`, a link named like the file is copied as the
/// link (so the grader refuses it exactly as it would at the top), and so are a folder or a pipe of
/// that name. A file too large to be graded is copied as a sparse file of its size.
public enum SubmissionSearch {
    /// How many folders down a file is looked for.
    public static let maximumDepth = 4

    /// Where an exercise's file was found.
    public struct Match: Equatable, Sendable {
        /// The path relative to the submission, e.g. `hw3/FullyConnected.swift`.
        public var relativePath: String
        /// Whether the name is exactly the exercise's (otherwise it differs in case only).
        public var exact: Bool
        /// Other entries of the same name as deep down (the first in byte order was taken).
        public var others: [String]
    }

    /// What ``stage(_:from:into:)`` made.
    public struct Staged: Sendable {
        /// The folder holding each found file at the top.
        public var directory: String
        /// Per exercise, where its file was found.
        public var matches: [ExerciseID: Match]
        /// Sentences for the student and the instructor: a file found in a sub-folder, or several.
        public var notes: [String]
    }

    /// Per exercise, the shallowest entry named like its file: an exact name first, else one that
    /// differs in case only; at one depth, the first in byte order.
    public static func find(_ exercises: [Exercise], in root: String, depth: Int = maximumDepth) -> [ExerciseID: Match]
    {
        var candidates: [ExerciseID: (exact: [String], folded: [String])] = [:]
        var level = [""]
        for _ in 0...depth {
            var next: [String] = []
            for folder in level {
                for name in entries(of: root + (folder.isEmpty ? "" : "/" + folder)) {
                    let relative = folder.isEmpty ? name : folder + "/" + name
                    for exercise in exercises {
                        if name == exercise.fileName {
                            candidates[exercise.id, default: ([], [])].exact.append(relative)
                        } else if name.lowercased() == exercise.fileName.lowercased() {
                            candidates[exercise.id, default: ([], [])].folded.append(relative)
                        }
                    }
                    var info = stat()
                    if lstat(root + "/" + relative, &info) == 0, info.st_mode & S_IFMT == S_IFDIR {
                        next.append(relative)
                    }
                }
            }
            if exercises.allSatisfy({ candidates[$0.id]?.exact.isEmpty == false }) || next.isEmpty { break }
            level = next
        }
        var matches: [ExerciseID: Match] = [:]
        for exercise in exercises {
            guard let found = candidates[exercise.id] else { continue }
            let best = shallowest(found.exact) ?? shallowest(found.folded)
            guard let best else { continue }
            let exact = !found.exact.isEmpty
            let same = (exact ? found.exact : found.folded).filter {
                $0 != best && depthOf($0) == depthOf(best)
            }
            matches[exercise.id] = Match(relativePath: best, exact: exact, others: same)
        }
        return matches
    }

    /// Finds each exercise's file under `root` and copies it (not following links) to the top of
    /// `staging`, under the name it was found with.
    ///
    /// - Throws: ``GraderError/cannotWrite(path:reason:)``.
    public static func stage(_ exercises: [Exercise], from root: String, into staging: String) throws -> Staged {
        do {
            try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
        } catch {
            throw GraderError.cannotWrite(path: staging, reason: error.localizedDescription)
        }
        let matches = find(exercises, in: root)
        var notes: [String] = []
        for exercise in exercises {
            guard let match = matches[exercise.id] else { continue }
            let name = (match.relativePath as NSString).lastPathComponent
            try EntryCopy.copy(root + "/" + match.relativePath, to: staging + "/" + name)
            if match.relativePath != exercise.fileName {
                notes.append("\(exercise.fileName): graded \(printable(match.relativePath))")
            }
            if !match.others.isEmpty {
                notes.append(
                    "\(exercise.fileName): also found \(match.others.map(printable).joined(separator: ", ")) "
                        + "(not graded: submit one \(exercise.fileName))")
            }
        }
        return Staged(directory: staging, matches: matches, notes: notes)
    }

    /// The entries of a folder, sorted by bytes, without hidden ones and macOS archive litter.
    static func entries(of folder: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { !$0.hasPrefix(".") && $0 != "__MACOSX" }.sorted {
            Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8))
        }
    }

    private static func depthOf(_ path: String) -> Int { path.split(separator: "/").count }

    private static func shallowest(_ paths: [String]) -> String? {
        paths.min { depthOf($0) < depthOf($1) }
    }

    private static func printable(_ text: String) -> String { OutputCapture.printable(Array(text.utf8)) }
}
