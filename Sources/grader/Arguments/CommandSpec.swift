/// One option of a command, declared once: the parser reads it and the help is written from it.
struct OptionSpec: Sendable {
    /// Its name without the dashes: `exercise`.
    var name: String
    /// The name of its value in the help (`ID`), or `nil` for a flag.
    var value: String?
    /// What it does, one line.
    var help: String
    /// Whether it may be given more than once.
    var repeatable = false

    /// An option that takes a value.
    static func value(_ name: String, _ value: String, _ help: String, repeatable: Bool = false) -> OptionSpec {
        OptionSpec(name: name, value: value, help: help, repeatable: repeatable)
    }

    /// A flag.
    static func flag(_ name: String, _ help: String) -> OptionSpec {
        OptionSpec(name: name, value: nil, help: help)
    }

    /// `--exercise ID`.
    var synopsis: String { "--" + name + (value.map { " " + $0 } ?? "") }
}

/// A command, declared once: its name, what it does, its options and positional arguments.
struct CommandSpec: Sendable {
    /// `batch`.
    var name: String
    /// The usage line after `grader <name>`, e.g. `DIR [options]`.
    var usage: String
    /// One line for the list of commands.
    var summary: String
    /// A paragraph for its help.
    var details: String
    /// Its options (the common ones included).
    var options: [OptionSpec]
    /// How many positional arguments it takes at most.
    var positionals: Int = 0

    /// The help text, made from the declarations.
    var help: String {
        let width = (options.map { $0.synopsis.count }.max() ?? 0) + 2
        var lines = ["usage: grader \(name) \(usage)", "", details, "", "options:"]
        for option in options {
            lines.append("  " + option.synopsis.padding(toLength: width, withPad: " ", startingAt: 0) + option.help)
        }
        lines.append("  " + "-h, --help".padding(toLength: width, withPad: " ", startingAt: 0) + "this help")
        return lines.joined(separator: "\n")
    }

    /// The options every grading command shares.
    static let commonOptions: [OptionSpec] = [
        .value("config", "FILE", "the course configuration (default: see 'grader --version')"),
        .value("seed", "N", "the seed of the cases (default: the configuration's)"),
        .value("time-limit", "SECONDS", "the time limit per graded class (default: the configuration's)"),
    ]
}
