/// A mistake on the command line: printed as one line with a pointer to `--help`, exit status 64.
enum UsageError: Error, CustomStringConvertible, Equatable {
    case unknownCommand(String)
    case missingCommand
    case unknownOption(command: String, option: String)
    case missingValue(option: String)
    case missingArgument(command: String, what: String)
    case unexpectedArgument(command: String, argument: String)
    case badValue(option: String, value: String, expected: String)

    var description: String {
        switch self {
        case .unknownCommand(let name): "unknown command '\(name)'"
        case .missingCommand: "missing command"
        case .unknownOption(let command, let option): "unknown option '\(option)' for '\(command)'"
        case .missingValue(let option): "option '\(option)' needs a value"
        case .missingArgument(let command, let what): "'\(command)' needs \(what)"
        case .unexpectedArgument(let command, let argument): "unexpected argument '\(argument)' for '\(command)'"
        case .badValue(let option, let value, let expected):
            "'\(value)' is not a valid value for \(option): expected \(expected)"
        }
    }

    /// The command whose help to point at.
    var command: String? {
        switch self {
        case .unknownOption(let command, _), .missingArgument(let command, _), .unexpectedArgument(let command, _):
            command
        default: nil
        }
    }
}
