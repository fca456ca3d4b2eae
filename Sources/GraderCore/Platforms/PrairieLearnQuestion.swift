import Foundation

/// What a PrairieLearn question needs to use the exported grader: the `info.json` keys of an
/// externally graded question and a `question.html` that takes the files and shows the results.
enum PrairieLearnQuestion {
    /// The question's `timeout` in seconds (PrairieLearn's default is 30 and its maximum 600):
    /// compiling and the time limit of each graded class fit in it.
    static let timeoutSeconds = 300

    /// `info.json`'s grading keys (`gradingMethod`, `externalGradingOptions`; the options are
    /// PrairieLearn's `ExternalGradingOptionsJsonSchema`, which refuses unknown keys).
    static func infoJSON(exercises: [ExerciseConfiguration], image: String) throws -> Data {
        struct Options: Encodable {
            var image: String
            var entrypoint: String
            var timeout: Int
            var enableNetworking: Bool
            var environment: [String: String]
        }
        struct Info: Encodable {
            var gradingMethod: String
            var externalGradingOptions: Options
        }
        return try ReportJSON.data(
            Info(
                gradingMethod: "External",
                externalGradingOptions: Options(
                    image: image, entrypoint: AutograderExport.imageFolder + "/entrypoint", timeout: timeoutSeconds,
                    enableNetworking: false,
                    environment: ["GRADER_EXERCISES": exercises.map(\.id.rawValue).joined(separator: " ")])))
    }

    /// `question.html`: the task, a `pl-file-upload` for the files, the grader's results.
    static func html(exercises: [ExerciseConfiguration]) -> String {
        let names = exercises.map { escape($0.file.replacingOccurrences(of: ",", with: "\\,")) }
        let items = exercises.map { "    <li><code>\(escape($0.file))</code>: \(escape($0.title))</li>" }
        return """
            <pl-question-panel>
              <p>Upload your Swift files:</p>
              <ul>
            \(items.joined(separator: "\n"))
              </ul>
            </pl-question-panel>

            <pl-file-upload file-names="\(names.joined(separator: ", "))"></pl-file-upload>

            <pl-submission-panel>
              <pl-external-grader-results></pl-external-grader-results>
            </pl-submission-panel>

            """
    }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
