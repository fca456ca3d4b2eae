/// A command's arguments, parsed by hand: `--name value`, `--name=value`, flags and positionals.
struct ParsedArguments {
    private(set) var values: [String: [String]] = [:]
    private(set) var flags: Set<String> = []
    private(set) var positionals: [String] = []

    /// Parses `arguments` for `command`.
    ///
    /// - Parameters:
    ///   - options: options that take a value (without the leading dashes).
    ///   - flags: options that do not.
    ///   - positionals: how many positional arguments the command accepts.
    /// - Throws: ``UsageError``.
    init(
        _ arguments: [String], command: String, options: [String], flags knownFlags: [String], positionals maximum: Int
    )
        throws
    {
        var index = 0
        var onlyPositionals = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if onlyPositionals || !argument.hasPrefix("-") || argument == "-" {
                guard positionals.count < maximum else {
                    throw UsageError.unexpectedArgument(command: command, argument: argument)
                }
                positionals.append(argument)
                continue
            }
            if argument == "--" {
                onlyPositionals = true
                continue
            }
            if argument == "-h" || argument == "--help" {
                flags.insert("help")
                continue
            }
            guard argument.hasPrefix("--") else { throw UsageError.unknownOption(command: command, option: argument) }
            var name = String(argument.dropFirst(2))
            var inlineValue: String?
            if let equals = name.firstIndex(of: "=") {
                inlineValue = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            if knownFlags.contains(name) {
                guard inlineValue == nil else { throw UsageError.unknownOption(command: command, option: argument) }
                flags.insert(name)
            } else if options.contains(name) {
                if let inlineValue {
                    values[name, default: []].append(inlineValue)
                } else {
                    guard index < arguments.count, !arguments[index].hasPrefix("--") else {
                        throw UsageError.missingValue(option: "--" + name)
                    }
                    values[name, default: []].append(arguments[index])
                    index += 1
                }
            } else {
                throw UsageError.unknownOption(command: command, option: "--" + name)
            }
        }
    }

    /// Whether `-h`/`--help` was given.
    var wantsHelp: Bool { flags.contains("help") }

    /// The last value of an option.
    func value(_ name: String) -> String? { values[name]?.last }

    /// Every value of a repeatable option.
    func all(_ name: String) -> [String] { values[name] ?? [] }

    /// Whether a flag was given.
    func flag(_ name: String) -> Bool { flags.contains(name) }

    /// A required option's value.
    func required(_ name: String, command: String) throws -> String {
        guard let value = value(name) else { throw UsageError.missingArgument(command: command, what: "--" + name) }
        return value
    }

    /// An option parsed as a positive number.
    func number(_ name: String, minimum: Double) throws -> Double? {
        guard let text = value(name) else { return nil }
        guard let number = Double(text), number.isFinite, number >= minimum else {
            throw UsageError.badValue(option: "--" + name, value: text, expected: "a number ≥ \(minimum)")
        }
        return number
    }

    /// An option parsed as a whole number in a range.
    func integer(_ name: String, range: ClosedRange<Int>) throws -> Int? {
        guard let text = value(name) else { return nil }
        guard let number = Int(text), range.contains(number) else {
            throw UsageError.badValue(
                option: "--" + name, value: text,
                expected: "a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }
}
