// The command line's arguments, help and messages, without running anything.

import GraderCore
import Testing

@testable import grader

@Suite("Arguments")
struct ArgumentsTests {
    let spec = BatchCommand.spec

    @Test("values, repeatable values, flags, --name=value and positionals")
    func parsing() throws {
        let parsed = try ParsedArguments(
            ["class", "--jobs", "3", "--exercise=fc-backward", "--exercise", "loss-backward", "--resume"], spec: spec)
        #expect(parsed.positionals == ["class"])
        #expect(parsed.value("jobs") == "3")
        #expect(parsed.all("exercise") == ["fc-backward", "loss-backward"])
        #expect(parsed.flag("resume"))
        #expect(!parsed.wantsHelp)
        #expect(try ParsedArguments(["-h"], spec: spec).wantsHelp)
        #expect(
            try ParsedArguments(["--", "--looks-like-an-option"], spec: spec).positionals == ["--looks-like-an-option"])
    }

    @Test("a misspelt option gets a suggestion; a flag with a value, a missing value, a second positional are errors")
    func errors() {
        #expect(throws: UsageError.unknownOption(command: "batch", option: "--exercize", suggestion: "--exercise")) {
            try ParsedArguments(["--exercize", "x"], spec: spec)
        }
        #expect(throws: UsageError.unknownOption(command: "batch", option: "--frobnicate", suggestion: nil)) {
            try ParsedArguments(["--frobnicate"], spec: spec)
        }
        #expect(throws: UsageError.missingValue(command: "batch", option: "--out")) {
            try ParsedArguments(["--out"], spec: spec)
        }
        #expect(throws: UsageError.unexpectedArgument(command: "batch", argument: "b")) {
            try ParsedArguments(["a", "b"], spec: spec)
        }
        #expect(throws: UsageError.self) { try ParsedArguments(["--resume=yes"], spec: spec) }
    }

    @Test("numbers and choices are checked")
    func values() throws {
        let parsed = try ParsedArguments(["x", "--jobs", "0"], spec: spec)
        #expect(throws: UsageError.self) { try parsed.integer("jobs", range: 1...256) }
        let run = try ParsedArguments(["--format", "xml"], spec: RunCommand.spec)
        #expect(throws: UsageError.self) { try run.choice("format", ["text", "json"], default: "text") }
    }

    @Test("the help is made from the declarations: every option is listed, once")
    func help() throws {
        for command in CommandLineTool.commands {
            let help = command.spec.help
            #expect(help.hasPrefix("usage: grader \(command.spec.name) "))
            let list = try #require(help.components(separatedBy: "\noptions:\n").last)
            for option in command.spec.options {
                #expect(
                    list.components(separatedBy: "  " + option.synopsis + " ").count == 2,
                    "\(option.synopsis) in \(help)")
                #expect(list.contains(option.help))
            }
        }
        #expect(CommandLineTool.usage.contains("batch DIR"))
    }

    @Test("suggestions: close words only")
    func suggestions() {
        #expect(closest("bach", in: ["batch", "run", "list"]) == "batch")
        #expect(closest("fc-backwrd", in: ["fc-backward", "loss-backward"]) == "fc-backward")
        #expect(closest("completely-different", in: ["run", "list"]) == nil)
        #expect(editDistance("kitten", "sitting") == 3)
    }
}

@Suite("Terminal text")
struct TerminalTextTests {
    @Test("control characters are shown escaped, never sent")
    func escapes() {
        #expect(TerminalText.safe("a\u{1B}]0;t\u{07}b") == "a\\e]0;t\\x07b")
        #expect(TerminalText.safe("one\ntwo\ttab\r") == "one\\ntwo\\ttab\\r")
        #expect(TerminalText.safe("one\ntwo", multiline: true) == "one\ntwo")
        #expect(TerminalText.safe("\u{9B}31m\u{202E}x") == "\\x9B31m\\u{202E}x")
        #expect(TerminalText.safe("张三 zoé") == "张三 zoé")
    }
}

@Suite("Text report")
struct TextReportTests {
    func report(output: String?, relu: MethodStatus, message: String) -> ExerciseReport {
        ExerciseReport(
            exercise: .activationBackward, title: "t", submission: "s\u{1B}[2J", student: nil, seed: 1, status: .graded,
            score: 5, maxScore: 10,
            methods: [
                MethodResult(
                    name: .sigmoidBackward, status: .passed, score: 5, maxScore: 5, casesPassed: 12, casesTotal: 12,
                    message: "all 12 cases passed"),
                MethodResult(
                    name: .reluBackward, status: relu, score: 0, maxScore: 5, casesPassed: 0, casesTotal: 12,
                    message: message),
            ], output: output,
            timings: .init(compileSeconds: 0, runSeconds: 0, totalSeconds: 0, cachedPlugin: false))
    }

    @Test("what a failing class printed is shown under it, escaped and capped; a passing class's is not")
    func printedOutput() {
        let printed = (1...30).map { "relu line \($0)" }.joined(separator: "\n")
        let text = TextReport.render(
            report(
                output: "[Sigmoid: 10 bytes]\nsigmoid says hi\n[ReLU: 300 bytes]\n" + printed + "\n\u{1B}]52;c;x\u{07}",
                relu: .crashed, message: "crashed on case 0: Fatal error: boom"),
            console: Console(environment: ["NO_COLOR": "1"]))
        #expect(text.contains("ReLU printed:"))
        #expect(text.contains("| relu line 30"))
        #expect(!text.contains("| relu line 5\n"), "capped to the last lines")
        #expect(text.contains("earlier lines"))
        #expect(!text.contains("sigmoid says hi"))
        #expect(!text.contains("\u{1B}"), "no raw escape: \(text.debugDescription)")
        #expect(text.contains("submission: s\\e[2J"))
    }

    @Test("the batch table rounds as grades.csv does (122.417, not 122.41)")
    func tableRounding() throws {
        let configuration = try CourseConfiguration.load(path: GraderHome.builtRoot + "/grader.json")
        var one = report(output: nil, relu: .passed, message: "")
        one.score = Points(122.41666)
        let table = TextReport.table(
            students: [StudentID("ann")], exercises: configuration.exercises.filter { $0.id == .activationBackward },
            reports: [StudentID("ann"): [.activationBackward: one]])
        #expect(table.contains("122.417/10"), "\(table)")
    }
}
