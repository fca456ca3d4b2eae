// Issue 15, pure pieces of the direct compile: the command-line splitter, the recipe's templates,
// and the checks of the driver's and clang's -### plans (text made here, as the tools print them).

import Foundation
import Testing

@testable import GraderCore

@Suite("The direct compile's pure pieces")
struct CompileRecipeTests {
    @Test("command lines split as the tools print them; anything a shell would expand is refused")
    func shellWords() {
        #expect(ShellWords.split("/usr/bin/ld.lld -o /a/b.so x") == ["/usr/bin/ld.lld", "-o", "/a/b.so", "x"])
        #expect(
            ShellWords.split(#" "/opt/bin/ld.lld" "-L/a b" "q\"uote" "-rpath=\$ORIGIN""#) == [
                "/opt/bin/ld.lld", "-L/a b", "q\"uote", "-rpath=$ORIGIN",
            ])
        #expect(ShellWords.split("a 'b c' d\\ e ''") == ["a", "b c", "d e", ""])
        #expect(ShellWords.split("x~ y#") == ["x~", "y#"])
        for refused in ["a $HOME", "a `id`", "a *", "a > b", "a | b", "'open", "\"open", "a \"$x\"", "a\\"] {
            #expect(ShellWords.split(refused) == nil, "\(refused)")
        }
    }

    @Test("templates fill their placeholders once, whatever the values spell")
    func templates() {
        let recipe = CompileRecipe(
            frontend: [
                "fe", "-c", "{inputs}", "-I", "{kit}", "-module-cache-path", "{kit}-module-cache", "-o", "{object}",
            ],
            linker: ["ld.lld", "-o", "{output}", "{object}", "{autolink}", "-rpath={kit}", "-L{kit}"])
        #expect(
            recipe.frontendArguments(
                inputs: ["/w/A.swift", "/w/B.swift"], object: "/w/p.o", kitDirectory: "/k{work}", workDirectory: "/w")
                == [
                    "fe", "-c", "/w/A.swift", "/w/B.swift", "-I", "/k{work}", "-module-cache-path",
                    "/k{work}-module-cache", "-o", "/w/p.o",
                ])
        #expect(
            recipe.linkerArguments(
                object: "/w/p.o", autolink: ["-lm"], output: "/w/p.so", kitDirectory: "/k", workDirectory: "/w")
                == ["ld.lld", "-o", "/w/p.so", "/w/p.o", "-lm", "-rpath=/k", "-L/k"])
        #expect(CompileRecipe.fill("{a}{b}{{a}", ["{a}": "{b}", "{b}": "x"]) == "{b}x{{b}")
        #expect(recipe.namedFiles == ["fe", "ld.lld"])
    }

    // MARK: - The driver's plan

    static let places = CompileRecipe.Placeholders(scratch: "/s")

    /// A plan as `swiftc -###` prints it for the placeholders.
    static func plan(frontendExtra: String = "", steps: Int = 3, autolink: String? = nil, clangOutput: String? = nil)
        -> String
    {
        let t = "/s/tmp/TemporaryDirectory.abc"
        var lines = [
            "/usr/bin/swift-frontend -frontend -c /s/work/BPGRecipeInput1.swift /s/work/BPGRecipeInput2.swift "
                + "-supplementary-output-file-map \(t)/map -I /s/kit -module-cache-path /s/kit-module-cache "
                + "-file-compilation-dir /s/work\(frontendExtra) -o \(t)/Submission-1.o",
            autolink ?? "/usr/bin/swift-autolink-extract \(t)/Submission-1.o -o \(t)/Submission-2.autolink",
            "/usr/bin/clang -shared /usr/lib/swiftrt.o \(t)/Submission-1.o @\(t)/Submission-2.autolink -L /s/kit "
                + "-Xlinker -rpath=/s/kit -o \(clangOutput ?? "/s/work/plugin.so")",
        ]
        if steps == 4 { lines.append("/usr/bin/true") }
        return lines.joined(separator: "\n") + "\n"
    }

    static let emptyMap = #"{ "/s/work/BPGRecipeInput1.swift" : { } }"#

    @Test("the driver's three steps become the frontend's template and clang's line")
    func driverPlan() throws {
        let parsed = CompileRecipe.parseDriverPlan(Self.plan(), Self.places) { _ in Self.emptyMap }
        let plan = try parsed.get()
        #expect(
            plan.frontend == [
                "/usr/bin/swift-frontend", "-frontend", "-c", "{inputs}", "-I", "{kit}", "-module-cache-path",
                "{kit}-module-cache", "-file-compilation-dir", "{work}", "-o", "{object}",
            ])
        #expect(
            plan.clang == [
                "/usr/bin/clang", "-shared", "/usr/lib/swiftrt.o", "/s/bpg-object.o", "-L", "/s/kit", "-Xlinker",
                "-rpath=/s/kit", "-o", "/s/work/plugin.so",
            ])
    }

    @Test("a plan this does not know how to run is refused, with the reason")
    func driverPlanRefusals() {
        func reason(_ text: String, map: String = Self.emptyMap) -> String? {
            if case .failure(let refusal) = CompileRecipe.parseDriverPlan(text, Self.places, readFile: { _ in map }) {
                return refusal.reason
            }
            return nil
        }
        #expect(reason(Self.plan(steps: 4))?.contains("4 steps") == true)
        #expect(
            reason(Self.plan(), map: #"{ "/s/work/BPGRecipeInput1.swift" : { "dependencies" : "/s/x.d" } }"#) != nil)
        #expect(reason(Self.plan(), map: "not json") != nil)
        #expect(reason(Self.plan(autolink: "/usr/bin/swift-autolink-extract /other.o -o /s/tmp/x.autolink")) != nil)
        #expect(reason(Self.plan(clangOutput: "/elsewhere/plugin.so")) != nil)
        #expect(
            reason(Self.plan(frontendExtra: " -emit-module-path /s/tmp/TemporaryDirectory.abc/x.swiftmodule")) != nil)
        #expect(reason(Self.plan(frontendExtra: " -Xcc -I/s/private")) != nil, "a path of the scratch folder")
        #expect(reason(Self.plan(frontendExtra: " -D{kit}")) != nil, "a placeholder's spelling")
        #expect(reason(Self.plan(frontendExtra: " $(id)")) != nil)
        #expect(reason(Self.plan().replacingOccurrences(of: "BPGRecipeInput2.swift ", with: "")) != nil)
    }

    @Test("clang's ld.lld line becomes the linker's template; anything else is refused")
    func linkerPlan() throws {
        let text = """
            clang version 21.0.0
            Target: x86_64-unknown-linux-gnu
             "/opt/swift/usr/bin/ld.lld" "-shared" "-o" "/s/work/plugin.so" "/lib/crti.o" "-L/s/kit" "/s/bpg-object.o" "-lswiftCore" "-rpath=/s/kit" "/lib/crtn.o"
            """
        #expect(
            try CompileRecipe.parseLinkerPlan(text, Self.places).get() == [
                "/opt/swift/usr/bin/ld.lld", "-shared", "-o", "{output}", "/lib/crti.o", "-L{kit}", "{object}",
                "{autolink}", "-lswiftCore", "-rpath={kit}", "/lib/crtn.o",
            ])
        let gold = text.replacingOccurrences(of: "/opt/swift/usr/bin/ld.lld", with: "/usr/bin/ld.gold")
        #expect(throws: CompileRecipe.Refusal.self) { try CompileRecipe.parseLinkerPlan(gold, Self.places).get() }
        let twoSteps = text + "\n \"/usr/bin/objcopy\" \"x\""
        #expect(throws: CompileRecipe.Refusal.self) { try CompileRecipe.parseLinkerPlan(twoSteps, Self.places).get() }
        let noObject = text.replacingOccurrences(of: " \"/s/bpg-object.o\"", with: "")
        #expect(throws: CompileRecipe.Refusal.self) { try CompileRecipe.parseLinkerPlan(noObject, Self.places).get() }
        #expect(throws: CompileRecipe.Refusal.self) {
            try CompileRecipe.parseLinkerPlan(
                "clang: error: invalid linker name in argument '-fuse-ld=lld'", Self.places
            ).get()
        }
    }

    @Test("a supplementary output map that names no output is the only one dropped")
    func supplementaryMaps() {
        #expect(CompileRecipe.asksForNoOutputs(Self.emptyMap))
        #expect(CompileRecipe.asksForNoOutputs("{}"))
        #expect(!CompileRecipe.asksForNoOutputs(#"{ "a" : { "object" : "/x.o" } }"#))
        #expect(!CompileRecipe.asksForNoOutputs("[]"))
    }
}
