import Foundation

/// Which parts of a Gradescope result a student sees, and when: a value of Gradescope's
/// `visibility` field (autograder_samples `docs/specs.md`, "Controlling Test Case Visibility") for
/// the scored tests, for the failing cases of each kind (the sample case, the random cases, the edge
/// cases) and for what the submission printed.
///
/// A failing case whose kind is `visible` is shown in its scored test; the others go into a test of
/// 0 points with their own visibility, so that, say, the random cases' inputs and values are shown
/// only after the due date while the score and the sample case are shown at once.
public struct GradescopeVisibility: Sendable, Equatable {
    /// Gradescope's four visibility values.
    public enum Value: String, Codable, Sendable, CaseIterable {
        /// Never shown to students.
        case hidden
        /// Shown after the due date (after the late due date when late submissions are allowed).
        case after_due_date
        /// Shown once the assignment's grades are published.
        case after_published
        /// Always shown (Gradescope's default).
        case visible

        /// How a student is told when they will see something.
        var phrase: String {
            switch self {
            case .hidden: "are not shown"
            case .after_due_date: "are shown after the due date"
            case .after_published: "are shown when the grades are published"
            case .visible: "are shown"
            }
        }
    }

    /// The parts a setting names: `tests=`, `sample=`, `random=`, `edge=`, `output=`.
    public static let parts = ["tests", "sample", "random", "edge", "output"]

    /// The scored tests (a score per scored quantity, its verdict and hint).
    public var tests: Value = .visible
    /// The failing sample case (the exercise page's example).
    public var sample: Value = .visible
    /// The failing random cases.
    public var random: Value = .visible
    /// The failing edge cases (saturated inputs, a batch of one...).
    public var edge: Value = .visible
    /// What the submission printed (which may show the inputs of every case).
    public var output: Value = .visible

    /// Everything visible: what `grader run --format gradescope` writes unless told otherwise.
    public init() {}

    /// What `grader export gradescope` writes unless told otherwise: the scores, the hints and the
    /// sample case at once; the generated cases, and what the submission printed about them, after
    /// the due date.
    public static let exportDefault: GradescopeVisibility = {
        var value = GradescopeVisibility()
        value.random = .after_due_date
        value.edge = .after_due_date
        value.output = .after_due_date
        return value
    }()

    /// `base` with settings such as `random=after_due_date` applied in order.
    ///
    /// - Throws: ``GradescopeVisibility/SettingError`` naming the part or the value it does not know.
    public init(settings: [String], base: GradescopeVisibility = GradescopeVisibility()) throws {
        self = base
        for setting in settings {
            for item in setting.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) })
            where !item.isEmpty {
                let pieces = item.split(separator: "=", maxSplits: 1).map(String.init)
                guard pieces.count == 2 else { throw SettingError(setting: item) }
                guard let value = Value(rawValue: pieces[1]) else { throw SettingError(setting: item) }
                switch pieces[0] {
                case "tests": tests = value
                case "sample": sample = value
                case "random": random = value
                case "edge": edge = value
                case "output": output = value
                default: throw SettingError(setting: item)
                }
            }
        }
    }

    /// A setting that is not `PART=VALUE` with a known part and value.
    public struct SettingError: Error, CustomStringConvertible, Equatable {
        /// The setting as given.
        public var setting: String
        /// What a setting must be.
        public var expected: String {
            "PART=VALUE with PART one of \(GradescopeVisibility.parts.joined(separator: ", ")) and VALUE one of "
                + Value.allCases.map(\.rawValue).joined(separator: ", ")
        }
        public var description: String { "'\(setting)' is not \(expected)" }
    }

    /// The settings as `grader run --visibility` takes them, e.g. `tests=visible,sample=visible,...`.
    public var setting: String {
        zip(Self.parts, [tests, sample, random, edge, output]).map { "\($0)=\($1.rawValue)" }.joined(separator: ",")
    }

    /// The visibility of a failing case of this kind (`sample`, `random`, or an edge case's name).
    public func visibility(ofCaseKind kind: String) -> Value {
        switch kind {
        case "sample": sample
        case "random": random
        default: edge
        }
    }

    /// The group a case kind is shown with, in words.
    static func group(ofCaseKind kind: String) -> String {
        switch kind {
        case "sample", "random": kind
        default: "edge"
        }
    }
}
