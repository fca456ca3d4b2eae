import Foundation
import TestSupport
import Testing

extension GraderCLI {
    /// Issue 9: nothing a submission prints, a compiler quotes or a folder is named reaches the
    /// instructor's terminal raw: control characters are shown escaped (or as U+FFFD), so no
    /// escape sequence can clear the screen, retitle the window, write the clipboard or fake a line.
    @Suite struct TerminalSafety {
        /// Whether `text` holds a control character a terminal acts on (ESC, BEL, CSI, CR...).
        func hasControls(_ text: String) -> Bool {
            text.unicodeScalars.contains { scalar in
                let value = scalar.value
                return (value < 0x20 && scalar != "\n" && scalar != "\t") || value == 0x7F
                    || (0x80...0x9F).contains(value)
            }
        }

        @Test(arguments: ["escape-output", "escape-diagnostics"])
        func escapesFromASubmissionNeverReachTheTerminal(_ fixture: String) throws {
            let scratch = try TemporaryDirectory()
            defer { scratch.remove() }
            // escape-diagnostics holds raw escape bytes, which no committed file may: written here.
            let folder =
                fixture == "escape-diagnostics"
                ? try HostileSources.write(
                    HostileSources.escapeDiagnostics, as: "Activations.swift", in: scratch.path, folder: fixture)
                : GraderProcess.packageRoot + "/Tests/Fixtures/hostile/" + fixture
            let output = try GraderProcess.run(
                ["run", "--exercise", "activation-backward", "--submission", folder, "--time-limit", "4"],
                environment: ["GRADER_TERMINAL": "1"])
            #expect(output.status == 0, "\(output)")
            #expect(!hasControls(output.stdout), "\(output.stdout.debugDescription)")
            #expect(!hasControls(output.stderr.replacingOccurrences(of: "\r\u{1B}[K", with: "")))
            #expect(output.stdout.contains("pwned"), "the hostile text is shown, defused: \(output.stdout)")
        }

        @Test func folderNamesWithEscapesAndNewlinesAreShownEscaped() throws {
            let scratch = try TemporaryDirectory()
            defer { scratch.remove() }
            let names = ["esc\u{1B}]0;pwned\u{07}", "fake\n[9-9] everyone: 10 of 10", "plain"]
            let classPath = try scratch.copyClass(names.map { ("alice", $0) })
            let output = try GraderProcess.run(
                ["batch", classPath, "--out", scratch.path + "/out", "--exercise", "activation-backward"])
            #expect(output.status == 0, "\(output)")
            #expect(!hasControls(output.stdout), "\(output.stdout.debugDescription)")
            #expect(!hasControls(output.stderr), "\(output.stderr.debugDescription)")
            #expect(output.stdout.contains("esc\\e]0;pwned\\x07"), "\(output.stdout)")
            #expect(output.stdout.contains("fake\\n[9-9] everyone: 10 of 10"), "\(output.stdout)")
            // No line of the progress is a forged one.
            #expect(!output.stderrLines.contains { $0.hasPrefix("[9-9] everyone") })
        }
    }
}
