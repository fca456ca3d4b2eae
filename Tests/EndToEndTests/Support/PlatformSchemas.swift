import Foundation

/// The platforms' documented `results.json` fields and value sets, as checks: each returns the
/// problems it finds (none for a valid file).
enum PlatformSchemas {
    /// Gradescope's (autograder_samples `docs/specs.md`, "Output format").
    enum Gradescope {
        static let topKeys: Set = [
            "score", "execution_time", "output", "output_format", "test_output_format", "test_name_format",
            "visibility", "stdout_visibility", "extra_data", "tests", "leaderboard",
        ]
        static let testKeys: Set = [
            "score", "max_score", "status", "name", "name_format", "number", "output", "output_format", "tags",
            "visibility", "extra_data",
        ]
        static let visibilities: Set = ["hidden", "after_due_date", "after_published", "visible"]
        static let formats: Set = ["text", "html", "simple_format", "md", "ansi"]
        static let statuses: Set = ["passed", "failed"]

        /// The problems of a results.json, and its object when it is one.
        static func problems(_ data: Data) -> (problems: [String], object: [String: Any]) {
            var problems: [String] = []
            guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
                return (["not a JSON object: \(String(decoding: data.prefix(200), as: UTF8.self))"], [:])
            }
            for key in object.keys where !topKeys.contains(key) { problems.append("unknown key \(key)") }
            let tests = object["tests"] as? [[String: Any]]
            if object["tests"] != nil && tests == nil { problems.append("tests is not an array of objects") }
            guard let score = object["score"] as? Double else { return (problems + ["no numeric score"], object) }
            for key in ["output_format", "test_output_format", "test_name_format"] {
                if let value = object[key], !(value is String && formats.contains(value as? String ?? "")) {
                    problems.append("\(key) is \(value)")
                }
            }
            for key in ["visibility", "stdout_visibility"] {
                if let value = object[key], !visibilities.contains(value as? String ?? "") {
                    problems.append("\(key) is \(value)")
                }
            }
            if let time = object["execution_time"], !(time is Double) { problems.append("execution_time is \(time)") }
            if let output = object["output"], !(output is String) { problems.append("output is not a string") }
            var sum = 0.0
            for test in tests ?? [] {
                for key in test.keys where !testKeys.contains(key) { problems.append("unknown test key \(key)") }
                if let value = test["status"], !statuses.contains(value as? String ?? "") {
                    problems.append("status \(value)")
                }
                if let value = test["visibility"], !visibilities.contains(value as? String ?? "") {
                    problems.append("test visibility \(value)")
                }
                for key in ["name_format", "output_format"] {
                    if let value = test[key], !formats.contains(value as? String ?? "") {
                        problems.append("\(key) \(value)")
                    }
                }
                for key in ["name", "output", "number"] {
                    if let value = test[key], !(value is String) { problems.append("test \(key) is not a string") }
                }
                guard let testScore = test["score"] as? Double, let maxScore = test["max_score"] as? Double else {
                    problems.append("a test without numeric score and max_score: \(test)")
                    continue
                }
                if testScore < 0 || testScore > maxScore + 1e-9 {
                    problems.append("test score \(testScore)/\(maxScore)")
                }
                sum += testScore
            }
            if abs(sum - score) > 1e-6 { problems.append("score \(score) is not the tests' sum \(sum)") }
            if data.count > 1_048_576 { problems.append("\(data.count) bytes") }
            return (problems, object)
        }
    }

    /// PrairieLearn's (`docs/externalGrading.md`, "Grading results").
    enum PrairieLearn {
        static let topKeys: Set = ["gradable", "score", "message", "output", "format_errors", "images", "tests"]
        static let testKeys: Set = ["name", "description", "points", "max_points", "message", "output", "images"]
        /// PrairieLearn's limit: the grader host refuses a larger file.
        static let limit = 1024 * 1024

        static func problems(_ data: Data) -> (problems: [String], object: [String: Any]) {
            var problems: [String] = []
            guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
                return (["not a JSON object: \(String(decoding: data.prefix(200), as: UTF8.self))"], [:])
            }
            for key in object.keys where !topKeys.contains(key) { problems.append("unknown key \(key)") }
            if data.count > limit { problems.append("\(data.count) bytes, over 1 MB") }
            let gradable = object["gradable"] as? Bool ?? true
            if let value = object["gradable"], !(value is Bool) { problems.append("gradable is \(value)") }
            if let errors = object["format_errors"], !(errors is String || errors is [String]) {
                problems.append("format_errors is \(errors)")
            }
            for key in ["message", "output"] {
                if let value = object[key], !(value is String) { problems.append("\(key) is not a string") }
            }
            if !gradable {
                if (object["format_errors"] as? [String])?.isEmpty ?? (object["format_errors"] == nil) {
                    problems.append("not gradable without format_errors")
                }
                return (problems, object)
            }
            guard let score = object["score"] as? Double, (0...1).contains(score) else {
                return (problems + ["score \(String(describing: object["score"])) not in [0, 1]"], object)
            }
            let tests = object["tests"] as? [[String: Any]] ?? []
            var points = 0.0
            var maxPoints = 0.0
            for test in tests {
                for key in test.keys where !testKeys.contains(key) { problems.append("unknown test key \(key)") }
                guard let earned = test["points"] as? Double, let possible = test["max_points"] as? Double else {
                    problems.append("a test without points and max_points (the points display is then off)")
                    continue
                }
                if earned < 0 || earned > possible + 1e-9 { problems.append("test points \(earned)/\(possible)") }
                points += earned
                maxPoints += possible
                for key in ["name", "description", "message", "output"] {
                    if let value = test[key], !(value is String) { problems.append("test \(key) is not a string") }
                }
            }
            if maxPoints > 0, abs(score - points / maxPoints) > 1e-9 {
                problems.append("score \(score) is not the tests' \(points)/\(maxPoints)")
            }
            return (problems, object)
        }
    }
}
