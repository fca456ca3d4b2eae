// Issue 10, point 4: the near misses of a beginner get a hint that says what was found and what to
// change. The scanner is pure (first suite); the second grades real files with the shared grader.

import Foundation
import GraderCore
import TestSupport
import Testing

@testable import GraderCore

@Suite("Source hints, pure")
struct SourceHintsTests {
    static let tensorErrors = "FullyConnected.swift:4:12: error: cannot find type 'Tensor' in scope"

    @Test("no import of the kit and Tensor unknown: the hint; an import, or other errors: none")
    func missingImport() {
        let bare = "final class FullyConnected {\n    let W: Tensor\n}\n"
        let hint = SourceHints.compileHint(
            source: bare, fileName: "FullyConnected.swift", diagnostics: Self.tensorErrors)
        #expect(hint?.hasPrefix("add `import ExerciseKit` as the first line of FullyConnected.swift") == true)
        #expect(
            SourceHints.compileHint(
                source: "import ExerciseKit\n" + bare, fileName: "FullyConnected.swift", diagnostics: Self.tensorErrors)
                == nil)
        // An import in a comment is no import.
        #expect(
            SourceHints.compileHint(
                source: "// import ExerciseKit\n" + bare, fileName: "FullyConnected.swift",
                diagnostics: Self.tensorErrors) != nil)
        #expect(
            SourceHints.compileHint(
                source: bare, fileName: "FullyConnected.swift", diagnostics: "error: expected '}'") == nil)
    }

    @Test("a class under another name with the members: rename it; a helper type or a comment: nothing")
    func renamedClass() throws {
        let source = try String(
            contentsOfFile: TestEnvironment.example("alice") + "/FullyConnected.swift", encoding: .utf8)
        let renamed = source.replacingOccurrences(of: "class FullyConnected", with: "class FCLayer")
        let taken: Set<String> = ["FullyConnected"]
        #expect(
            SourceHints.renamedClass(.fullyConnected, in: renamed, taken: taken)
                == "found class FCLayer with the members of FullyConnected: rename it to FullyConnected "
                + "(the grader looks the class up by that name)")
        let asStruct = source.replacingOccurrences(of: "final class FullyConnected", with: "struct Dense")
        #expect(
            SourceHints.renamedClass(.fullyConnected, in: asStruct, taken: taken)?.hasPrefix("found struct Dense")
                == true)
        let helper = "struct Helper {\n    func forward(_ x: Tensor) -> Tensor { x }\n}\n"
        #expect(SourceHints.renamedClass(.fullyConnected, in: helper, taken: taken) == nil)
        let commented =
            "/* class FCLayer {\n func forward(_ x: Tensor) -> Tensor\n func backward(_ d: Tensor) -> Tensor }*/"
        #expect(SourceHints.renamedClass(.fullyConnected, in: commented, taken: taken) == nil)
        // The class itself under its own name is not a renamed one.
        #expect(SourceHints.renamedClass(.fullyConnected, in: source, taken: taken) == nil)
    }

    @Test("blanking keeps code and line breaks, and blanks comments and strings")
    func blanking() {
        let source =
            "let a = \"class X {\" // class Y {\n/* nested /* class Z */ still */ struct W {}\nlet t = \"\"\"\nclass V {\n\"\"\"\n"
        let code = SourceHints.blankingCommentsAndStrings(source)
        #expect(code.split(separator: "\n", omittingEmptySubsequences: false).count == 6)
        #expect(code.contains("let a =") && code.contains("struct W {}"))
        #expect(!code.contains("class"), "\(code)")
        #expect(SourceHints.declaredTypes(in: code).map(\.name) == ["W"])
    }
}

@Suite("Near misses get a hint", .serialized)
struct NearMissTests {
    @Test("a renamed class: missing class, with the hint to rename it")
    func renamed() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let folder = try scratch.copy("FullyConnected.swift", of: "alice", to: "ivan")
        let file = folder + "/FullyConnected.swift"
        let source = try String(contentsOfFile: file, encoding: .utf8)
        try source.replacingOccurrences(of: "class FullyConnected", with: "class FCLayer")
            .write(toFile: file, atomically: true, encoding: .utf8)
        let report = try TestEnvironment.sharedGrader().grade(path: folder, exercise: .fcBackward)
        #expect(report.methods.count == 3)
        for method in report.methods {
            #expect(method.status == .missingMember)
            #expect(
                method.hint?.hasPrefix("found class FCLayer with the members of FullyConnected") == true, "\(method)")
        }
    }

    @Test("no import of the kit: a compile error whose hint says to add it, and no notes about the stdlib")
    func missingImport() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let folder = try scratch.copy("FullyConnected.swift", of: "alice", to: "ivan")
        let file = folder + "/FullyConnected.swift"
        let source = try String(contentsOfFile: file, encoding: .utf8)
        try source.replacingOccurrences(of: "import ExerciseKit\n", with: "")
            .write(toFile: file, atomically: true, encoding: .utf8)
        let report = try TestEnvironment.sharedGrader().grade(path: folder, exercise: .fcBackward)
        #expect(report.status == .compileError)
        #expect(report.methods.allSatisfy { $0.hint?.hasPrefix("add `import ExerciseKit`") == true })
        let diagnostics = try #require(report.diagnostics)
        #expect(diagnostics.contains("cannot find type 'Tensor' in scope"))
        #expect(!diagnostics.contains("Swift.String.+"), "notes about the standard library are left out")
    }

    @Test("another exercise's file: says whose file it is")
    func otherExercisesFile() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let folder = try scratch.copy("FullyConnected.swift", of: "alice", to: "ivan")
        let report = try TestEnvironment.sharedGrader().grade(path: folder, exercise: .activationBackward)
        #expect(report.status == .missingFile)
        #expect(
            report.methods.first?.message
                == "no Activations.swift in the submission (it has FullyConnected.swift, the file of fc-backward; "
                + "activation-backward's file is Activations.swift)")
    }
}
