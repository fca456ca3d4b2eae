/// A mistake on the command line: printed as one line with a pointer to `--help`, exit status 64.
enum UsageError: Error, CustomStringConvertible, Equatable {
    case missingCommand
    case unknownCommand(String, suggestion: String?)
    case unknownOption(command: String, option: String, suggestion: String?)
    case missingValue(command: String, option: String)
    case missingArgument(command: String, what: String)
    case unexpectedArgument(command: String, argument: String)
    case badValue(command: String?, option: String, value: String, expected: String)
    case unknownExercise(command: String?, id: String, known: [String], suggestion: String?)
    /// A shard that cannot be worked out (`--shard`, `--shards` or the scheduler's variables).
    case shard(command: String, reason: String)

    var description: String {
        switch self {
        case .missingCommand: "missing command"
        case .unknownCommand(let name, let suggestion): "unknown command '\(name)'" + Self.hint(suggestion)
        case .unknownOption(let command, let option, let suggestion):
            "unknown option '\(option)' for '\(command)'" + Self.hint(suggestion)
        case .missingValue(_, let option): "option '\(option)' needs a value"
        case .missingArgument(let command, let what): "'\(command)' needs \(what)"
        case .unexpectedArgument(let command, let argument): "unexpected argument '\(argument)' for '\(command)'"
        case .badValue(_, let option, let value, let expected):
            "'\(value)' is not a valid value for \(option): expected \(expected)"
        case .unknownExercise(_, let id, let known, let suggestion):
            "unknown exercise '\(id)'" + Self.hint(suggestion) + "; the exercises are: " + known.joined(separator: ", ")
        case .shard(_, let reason): reason
        }
    }

    private static func hint(_ suggestion: String?) -> String {
        suggestion.map { "; did you mean '\($0)'?" } ?? ""
    }

    /// The command whose help to point at.
    var command: String? {
        switch self {
        case .unknownOption(let command, _, _), .missingArgument(let command, _), .unexpectedArgument(let command, _),
            .missingValue(let command, _), .shard(let command, _):
            command
        case .badValue(let command, _, _, _), .unknownExercise(let command, _, _, _): command
        case .missingCommand, .unknownCommand: nil
        }
    }
}

/// The closest of `candidates` to `word`, when it is close enough to be a typo (Levenshtein distance
/// at most 2, or a third of the word's length).
func closest(_ word: String, in candidates: [String]) -> String? {
    let scored = candidates.map { ($0, editDistance(word, $0)) }.filter { $0.1 <= max(2, word.count / 3) }
    return scored.min { $0.1 < $1.1 }?.0
}

/// The Levenshtein distance between two strings, by characters.
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a)
    let b = Array(b)
    guard !a.isEmpty else { return b.count }
    guard !b.isEmpty else { return a.count }
    var previous = Array(0...b.count)
    for i in 1...a.count {
        var current = [i] + [Int](repeating: 0, count: b.count)
        for j in 1...b.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        previous = current
    }
    return previous[b.count]
}
