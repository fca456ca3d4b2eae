/// A command's arguments, parsed against its ``CommandSpec``: `--name value`, `--name=value`, flags,
/// `--` and positionals.
struct ParsedArguments {
    private(set) var values: [String: [String]] = [:]
    private(set) var flags: Set<String> = []
    private(set) var positionals: [String] = []
    /// The command.
    let spec: CommandSpec

    /// Parses `arguments` for `spec`.
    ///
    /// - Throws: ``UsageError``, with a suggestion for a misspelt option.
    init(_ arguments: [String], spec: CommandSpec) throws {
        self.spec = spec
        var index = 0
        var onlyPositionals = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if onlyPositionals || !argument.hasPrefix("-") || argument == "-" {
                guard positionals.count < spec.positionals else {
                    throw UsageError.unexpectedArgument(command: spec.name, argument: argument)
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
            var name = String(argument.drop { $0 == "-" })
            var inlineValue: String?
            if let equals = name.firstIndex(of: "=") {
                inlineValue = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            guard argument.hasPrefix("--"), let option = spec.options.first(where: { $0.name == name }) else {
                throw UsageError.unknownOption(
                    command: spec.name, option: argument.split(separator: "=").first.map(String.init) ?? argument,
                    suggestion: closest(name, in: spec.options.map(\.name)).map { "--" + $0 })
            }
            if option.value == nil {
                guard inlineValue == nil else {
                    throw UsageError.badValue(
                        command: spec.name, option: "--" + name, value: inlineValue ?? "", expected: "no value (a flag)"
                    )
                }
                flags.insert(name)
                continue
            }
            let value: String
            if let inlineValue {
                value = inlineValue
            } else {
                guard index < arguments.count, !arguments[index].hasPrefix("--") else {
                    throw UsageError.missingValue(command: spec.name, option: "--" + name)
                }
                value = arguments[index]
                index += 1
            }
            // A value option given twice keeps its last value (as shells' users expect of overrides).
            values[name, default: []].append(value)
        }
    }

    /// Whether `-h`/`--help` was given.
    var wantsHelp: Bool { flags.contains("help") }

    /// The value of an option.
    func value(_ name: String) -> String? { values[name]?.last }

    /// Every value of a repeatable option.
    func all(_ name: String) -> [String] { values[name] ?? [] }

    /// Whether a flag was given.
    func flag(_ name: String) -> Bool { flags.contains(name) }

    /// A required option's value.
    func required(_ name: String) throws -> String {
        guard let value = value(name) else { throw UsageError.missingArgument(command: spec.name, what: "--" + name) }
        return value
    }

    /// An option parsed as a number at least `minimum`.
    func number(_ name: String, minimum: Double) throws -> Double? {
        guard let text = value(name) else { return nil }
        guard let number = Double(text), number.isFinite, number >= minimum else {
            throw UsageError.badValue(
                command: spec.name, option: "--" + name, value: text, expected: "a number ≥ \(minimum)")
        }
        return number
    }

    /// An option parsed as a whole number in a range.
    func integer(_ name: String, range: ClosedRange<Int>) throws -> Int? {
        guard let text = value(name) else { return nil }
        guard let number = Int(text), range.contains(number) else {
            throw UsageError.badValue(
                command: spec.name, option: "--" + name, value: text,
                expected: "a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    /// An option that must be one of `choices`.
    func choice(_ name: String, _ choices: [String], default fallback: String) throws -> String {
        guard let text = value(name) else { return fallback }
        guard choices.contains(text) else {
            throw UsageError.badValue(
                command: spec.name, option: "--" + name, value: text, expected: choices.joined(separator: ", "))
        }
        return text
    }
}
