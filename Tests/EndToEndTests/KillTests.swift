import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

extension GraderCLI {
    /// Issue 9: killing the grader (SIGKILL: no chance to clean up) during a compile or during a
    /// run leaves no process behind: the compiler and the workers run in PID namespaces whose init
    /// dies with the grader; without namespaces their reaper kills its group and descendants.
    @Suite struct Kill {
        /// Starts `grader run` on `submission`, waits for a descendant that `predicate` picks, kills
        /// the grader, and checks that every descendant it had is gone.
        func killDuring(
            _ submission: String, exercise: String, timeLimit: String, waitingFor what: String, namespaces: Bool,
            where predicate: @escaping (ProcessTree.Entry) -> Bool
        ) throws {
            let scratch = try TemporaryDirectory()
            defer { scratch.remove() }
            let process = try GraderProcess.start(
                ["run", "--exercise", exercise, "--submission", submission, "--time-limit", timeLimit],
                environment: namespaces ? [:] : ["GRADER_NAMESPACES": "0"], stdoutPath: scratch.path + "/stdout",
                stderrPath: scratch.path + "/stderr")
            let grader = process.processIdentifier
            let found = ProcessTree.waitForDescendant(of: grader, within: 120, where: predicate)
            let descendants = ProcessTree.descendants(of: grader)
            kill(grader, SIGKILL)
            process.waitUntilExit()
            #expect(found != nil, "no \(what) appeared: \(descendants)")
            #expect(descendants.count >= 2, "\(descendants)")
            let survivors = ProcessTree.survivors(of: descendants, within: 10)
            #expect(survivors.isEmpty, "outlived the grader: \(survivors)")
        }

        /// With namespaces, and without (the reaper then kills its process group and descendants).
        static let modes = [true, false]

        @Test("a kill of the grader during a run leaves no worker, reaper or child behind", arguments: modes)
        func killDuringARun(namespaces: Bool) throws {
            // A ReLU.backward that starts three children named bpg-hostile-kl, then loops forever.
            let scratch = try TemporaryDirectory()
            defer { scratch.remove() }
            let folder = scratch.path + "/looper"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            var source = try String(
                contentsOfFile: GraderProcess.example("alice") + "/Activations.swift", encoding: .utf8)
            source = source.replacingOccurrences(of: "import ExerciseKit", with: "import ExerciseKit\nimport Glibc")
            source += """

                func __loopWithChildren() -> Never {
                    typealias SetName = @convention(c) (pthread_t, UnsafePointer<CChar>) -> Int32
                    for _ in 0..<3 where fork() == 0 {
                        if let symbol = dlsym(nil, "pthread_setname_np") {
                            _ = unsafeBitCast(symbol, to: SetName.self)(pthread_self(), "bpg-hostile-kl")
                        }
                        while true { pause() }
                    }
                    while true {}
                }

                extension ReLU {
                    func forward(_ x: Tensor, looping: Bool) -> Tensor { __loopWithChildren() }
                }

                """
            source = source.replacingOccurrences(
                of: "func backward(_ dout: Tensor) -> Tensor {",
                with:
                    "func backward(_ dout: Tensor) -> Tensor {\n        if dout.shape.count > 0 { _ = __loopWithChildren() }"
            )
            try source.write(toFile: folder + "/Activations.swift", atomically: true, encoding: .utf8)
            try killDuring(
                folder, exercise: "activation-backward", timeLimit: "60", waitingFor: "child of the submission",
                namespaces: namespaces, where: { $0.name == "bpg-hostile-kl" })
        }

        @Test("a kill of the grader during a compile leaves no compiler behind", arguments: modes)
        func killDuringACompile(namespaces: Bool) throws {
            let scratch = try TemporaryDirectory()
            defer { scratch.remove() }
            let folder = scratch.path + "/heavy"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let source = try String(
                contentsOfFile: GraderProcess.example("alice") + "/Activations.swift", encoding: .utf8)
            let table = (0..<110_000).map { String($0 % 10) }.joined(separator: ",")
            try (source + "\nlet table: [Double] = [\(table)]\n").write(
                toFile: folder + "/Activations.swift", atomically: true, encoding: .utf8)
            try killDuring(
                folder, exercise: "activation-backward", timeLimit: "60", waitingFor: "swift-frontend",
                namespaces: namespaces, where: { $0.name == "swift-frontend" })
        }
    }
}
