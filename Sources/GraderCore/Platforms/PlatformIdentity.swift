/// Who a submission belongs to, as the platform it was downloaded from knows them: what a
/// gradebook import matches a row on (a Canvas user id, an email, a student number).
///
/// A batch of a class exported from Gradescope or Canvas writes it into each report (see
/// ``ExerciseReport/identity``), so that the gradebook files can be rendered from the reports alone.
public struct PlatformIdentity: Codable, Sendable, Equatable {
    /// The platform a class was exported from.
    public enum Platform: String, Codable, Sendable {
        /// Gradescope's "Export Submissions" (a folder per submission and `submission_metadata.yml`).
        case gradescope
        /// Canvas's "Download Submissions" (flat files named after the student).
        case canvas
    }

    /// One person a submission belongs to (a group submission has several).
    public struct Person: Codable, Sendable, Equatable {
        /// The name as the platform gives it (Gradescope: the full name; Canvas: the sortable name as
        /// its file names carry it, lower case without punctuation, e.g. `smithalice`).
        public var name: String?
        /// The email address (Gradescope).
        public var email: String?
        /// The platform's own user id (Canvas: the number its gradebook calls `ID`).
        public var userID: String?
        /// The institution's student number (Gradescope's `SID`).
        public var studentNumber: String?
        /// The section, when the platform gives one.
        public var section: String?

        /// Creates a person.
        public init(
            name: String? = nil, email: String? = nil, userID: String? = nil, studentNumber: String? = nil,
            section: String? = nil
        ) {
            self.name = name
            self.email = email
            self.userID = userID
            self.studentNumber = studentNumber
            self.section = section
        }
    }

    /// Where the class came from.
    public var platform: Platform
    /// The platform's id of the submission (Gradescope: the `submission_<id>` folder's id).
    public var submissionID: String?
    /// Whether the platform marked the submission late (Canvas's `LATE` in the file names).
    public var late: Bool?
    /// When it was submitted, as the platform wrote it (Gradescope's `:created_at:`).
    public var submittedAt: String?
    /// The people it belongs to, in the platform's order.
    public var people: [Person]
    /// The names the platform gave the files that were graded (e.g. Canvas's
    /// `smithalice_LATE_1001_5002_FullyConnected-1.swift`), when they differ from the graded names.
    public var files: [String]?

    /// Creates an identity.
    public init(
        platform: Platform, submissionID: String? = nil, late: Bool? = nil, submittedAt: String? = nil,
        people: [Person], files: [String]? = nil
    ) {
        self.platform = platform
        self.submissionID = submissionID
        self.late = late
        self.submittedAt = submittedAt
        self.people = people
        self.files = files
    }
}
