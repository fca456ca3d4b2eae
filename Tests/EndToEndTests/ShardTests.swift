import Foundation
import GraderCore
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

extension GraderCLI {
    /// `grader batch --shard` and `grader merge`: shards in processes of their own, at once, into one
    /// folder; `--shard auto` under Slurm's and Kubernetes' variables; a dead shard; mixed seeds; a
    /// plugin cache that several graders build at once.
    @Suite struct Shards {
        /// What the tests' own environment must not pass on (the tests may run inside a Slurm job).
        static let schedulerVariables = [
            "SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_COUNT", "SLURM_ARRAY_TASK_MIN", "SLURM_ARRAY_TASK_MAX",
            "SLURM_ARRAY_TASK_STEP", "SLURM_ARRAY_JOB_ID", "SLURM_JOB_ID", "JOB_COMPLETION_INDEX", Shard.countVariable,
        ]
        static let sample = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi"]
        /// frank's ReLU never returns: a short limit keeps the class quick (the same for every run).
        static let timeLimit = ["--time-limit", "3"]

        static func grader(_ arguments: [String], environment: [String: String] = [:]) throws -> GraderOutput {
            try GraderProcess.run(arguments, environment: environment, removing: schedulerVariables)
        }

        static func bytes(_ path: String) throws -> Data {
            try #require(FileManager.default.contents(atPath: path), "no \(path)")
        }

        /// The students of shard `index` of `count` among the sample class.
        static func students(ofShard index: Int, _ count: Int) -> [String] {
            sample.filter { Shard.index(of: StudentID($0), count: count) == index }
        }

        @Test func shardsInTwoProcessesAtOnceMergeToTheBytesOfOneBatch() throws {
            let scratch = try TemporaryDirectory()
            defer { scratch.remove() }
            let classPath = try scratch.copyClass(Self.sample.map { ($0, $0) })
            let one = try Self.grader(
                ["batch", classPath, "--out", scratch.path + "/one", "--jobs", "2"] + Self.timeLimit)
            #expect(one.status == 0, "\(one)")
            let out = scratch.path + "/sharded"
            let processes = try (0..<2).map { index in
                try GraderProcess.start(
                    ["batch", classPath, "--out", out, "--jobs", "1", "--shard", "\(index)/2"] + Self.timeLimit,
                    removing: Self.schedulerVariables, stdoutPath: scratch.path + "/stdout-\(index)",
                    stderrPath: scratch.path + "/stderr-\(index)")
            }
            for (index, process) in processes.enumerated() {
                process.waitUntilExit()
                let output = GraderProcess.finished(
                    process, stdoutPath: scratch.path + "/stdout-\(index)",
                    stderrPath: scratch.path + "/stderr-\(index)")
                #expect(output.status == 0, "\(output)")
                let part = "shard \(index) of 2: \(Self.students(ofShard: index, 2).count) of 8 students"
                #expect(output.stderrLines.first?.contains(part) == true, "\(output)")
                #expect(
                    try BatchCounts(output)
                        == BatchCounts(graded: Self.students(ofShard: index, 2).count * 3, upToDate: 0, notGraded: 0))
            }
            for name in ["summary.json", "grades.csv"] {
                #expect(!FileManager.default.fileExists(atPath: out + "/" + name), "a shard wrote \(name)")
            }
            let merged = try Self.grader(["merge", out])
            #expect(merged.status == 0, "\(merged)")
            #expect(merged.stdout.contains("merged 8 students × 3 exercises from 2 shards"), "\(merged)")
            // It names what it wrote: no gradebook of a platform for a class of plain folders.
            #expect(merged.stdout.contains("wrote summary.json, grades.csv, index.html in "), "\(merged)")
            #expect(merged.stderr.isEmpty, "\(merged)")
            for name in ["grades.csv", "summary.json", "index.html"] {
                #expect(
                    try Self.bytes(out + "/" + name) == Self.bytes(scratch.path + "/one/" + name), "\(name) differs")
            }
            // Each shard wrote its own students' reports only, and a manifest; the merge wrote the class
            // files and a page per student (issue 12).
            let written = scratch.files(under: "sharded").filter { !$0.contains("/.shards/") }
            #expect(written.count == 8 * 3 + 8 + 3, "\(written)")
            #expect(written.filter { $0.hasSuffix("/index.html") }.count == 8 + 1, "\(written)")
            #expect(
                scratch.files(under: "sharded/.shards") == [
                    "sharded/.shards/0-of-2.json", "sharded/.shards/1-of-2.json",
                ])
        }

        @Test func shardAutoReadsSlurmAndKubernetesVariables() throws {
            let scratch = try TemporaryDirectory()
            defer { scratch.remove() }
            let classPath = try scratch.copyClass([("alice", "alice"), ("bob", "bob"), ("carol", "carol")])
            let out = scratch.path + "/out"
            let slurm = [
                "SLURM_ARRAY_JOB_ID": "41", "SLURM_ARRAY_TASK_ID": "7", "SLURM_ARRAY_TASK_MIN": "6",
                "SLURM_ARRAY_TASK_MAX": "7", "SLURM_ARRAY_TASK_COUNT": "2", "SLURM_JOB_ID": "43",
            ]
            let task = try Self.grader(["batch", classPath, "--out", out, "--shard", "auto"], environment: slurm)
            #expect(task.status == 0, "\(task)")
            #expect(task.stderrLines.first?.contains("shard 1 of 2") == true, "\(task)")
            let pod = try Self.grader(
                ["batch", classPath, "--out", out, "--shard", "auto"],
                environment: ["JOB_COMPLETION_INDEX": "0", Shard.countVariable: "2"])
            #expect(pod.status == 0, "\(pod)")
            #expect(pod.stderrLines.first?.contains("shard 0 of 2") == true, "\(pod)")
            let merged = try Self.grader(["merge", out])
            #expect(merged.status == 0, "\(merged)")
            #expect(merged.stdout.contains("merged 3 students"), "\(merged)")
            let withOption = try Self.grader(
                ["batch", classPath, "--out", out, "--shard", "auto", "--shards", "2", "--resume"],
                environment: ["JOB_COMPLETION_INDEX": "1"])
            #expect(withOption.status == 0, "\(withOption)")
            #expect(withOption.stderrLines.first?.contains("shard 1 of 2") == true, "\(withOption)")
        }

        @Test(
            arguments: [
                ([], [:], "SLURM_ARRAY_TASK_ID"),
                ([], ["SLURM_JOB_ID": "9"], "--array"),
                ([], ["JOB_COMPLETION_INDEX": "0"], "GRADER_SHARD_COUNT"),
                ([], ["JOB_COMPLETION_INDEX": "2", "GRADER_SHARD_COUNT": "2"], "JOB_COMPLETION_INDEX"),
                ([], ["JOB_COMPLETION_INDEX": "x", "GRADER_SHARD_COUNT": "2"], "JOB_COMPLETION_INDEX"),
                (["--shards", "3"], ["JOB_COMPLETION_INDEX": "0", "GRADER_SHARD_COUNT": "2"], "GRADER_SHARD_COUNT"),
                ([], ["SLURM_ARRAY_TASK_ID": "0"], "SLURM_ARRAY_TASK_COUNT"),
                (
                    [], ["SLURM_ARRAY_TASK_ID": "3", "SLURM_ARRAY_TASK_MIN": "0", "SLURM_ARRAY_TASK_COUNT": "2"],
                    "SLURM_ARRAY_TASK_ID"
                ),
            ] as [([String], [String: String], String)])
        func shardAutoErrorsAreUsageErrorsNamingTheVariable(
            options: [String], environment: [String: String], named: String
        ) throws {
            let output = try Self.grader(
                [
                    "batch", GraderProcess.packageRoot + "/Examples/submissions", "--out", "/nonexistent/out",
                    "--shard", "auto",
                ] + options, environment: environment)
            expectOneLineError(output, status: 64, mentioning: named)
        }

        @Test(arguments: [
            ["--shard", "2/2"], ["--shard", "two"], ["--shards", "2"], ["--shard", "0/2", "--shards", "3"],
        ])
        func badShardOptionsAreUsageErrors(options: [String]) throws {
            let output = try Self.grader(
                ["batch", GraderProcess.packageRoot + "/Examples/submissions", "--out", "/nonexistent/out"] + options)
            expectOneLineError(output, status: 64, mentioning: options[options.count - 2])
        }

        @Test func aMergeWithADeadShardListsItsStudentsAndWritesNothing() throws {
            let scratch = try TemporaryDirectory()
            defer { scratch.remove() }
            let classPath = try scratch.copyClass(Self.sample.map { ($0, $0) })
            let out = scratch.path + "/out"
            let shard = try Self.grader(["batch", classPath, "--out", out, "--shard", "0/2"] + Self.timeLimit)
            #expect(shard.status == 0, "\(shard)")
            let merged = try Self.grader(["merge", out])
            let dead = Self.students(ofShard: 1, 2)
            expectOneLineError(merged, status: 1, mentioning: "\(dead.count) students have no reports")
            #expect(merged.stderr.contains("shard 1 of 2 wrote no manifest"), "\(merged)")
            #expect(
                merged.stdoutLines
                    == dead.map { "missing: \($0) (shard 1 of 2: fc-backward, activation-backward, loss-backward)" },
                "\(merged)")
            #expect(!FileManager.default.fileExists(atPath: out + "/grades.csv"))
            #expect(!FileManager.default.fileExists(atPath: out + "/summary.json"))
        }

        @Test func aMergeOfNothingIsAnError() throws {
            let scratch = try TemporaryDirectory()
            defer { scratch.remove() }
            expectOneLineError(
                try Self.grader(["merge", scratch.path + "/none"]), status: 1, mentioning: "nothing to merge")
            try FileManager.default.createDirectory(atPath: scratch.path + "/empty", withIntermediateDirectories: true)
            expectOneLineError(try Self.grader(["merge", scratch.path + "/empty"]), status: 1, mentioning: "--class")
        }

        @Test func aMergeRefusesReportsOfAnotherSeed() throws {
            let scratch = try TemporaryDirectory()
            defer { scratch.remove() }
            let classPath = try scratch.copyClass(Self.sample.filter { $0 != "frank" }.map { ($0, $0) })
            let out = scratch.path + "/out"
            for (index, seed) in [(0, "1"), (1, "2")] {
                let shard = try Self.grader(["batch", classPath, "--out", out, "--shard", "\(index)/2", "--seed", seed])
                #expect(shard.status == 0, "\(shard)")
            }
            let merged = try Self.grader(["merge", out])
            expectOneLineError(merged, status: 1, mentioning: "the shards disagree on the seed")
            #expect(merged.stderr.contains("1-of-2.json: 2"), "\(merged)")
            // Without the manifests the reports themselves are compared: the minority is named.
            try FileManager.default.removeItem(atPath: out + "/.shards")
            let byReports = try Self.grader(["merge", out, "--class", classPath])
            expectOneLineError(byReports, status: 1, mentioning: "refusing to mix reports")
            let minority = Self.students(ofShard: 1, 2).filter { $0 != "frank" }
            #expect(byReports.stdoutLines.count == minority.count * 3, "\(byReports)")
            #expect(
                byReports.stdoutLines.allSatisfy { $0.hasPrefix("refused: ") && $0.contains("(seed 2,") },
                "\(byReports)")
            #expect(!FileManager.default.fileExists(atPath: out + "/grades.csv"))
        }

        /// Four graders start at once on an empty cache folder that they share, as nodes sharing
        /// `GRADER_CACHE_DIR` would: one kit, the same plugins, every grade right, nothing half-made
        /// left; and the compile folders of another host in the cache are not touched.
        @Test func graderProcessesBuildOneSharedCacheAtOnce() throws {
            let scratch = try TemporaryDirectory()
            defer { scratch.remove() }
            let cache = scratch.path + "/cache"
            let deadPID = try Self.deadPID()
            let otherHost = cache + "/work/another-node/bpg-compile-\(deadPID)-AbCdEf"
            let thisHost = cache + "/work/" + HostName.pathComponent + "/bpg-compile-\(deadPID)-AbCdEf"
            for folder in [otherHost, thisHost] {
                try FileManager.default.createDirectory(atPath: folder + "/work", withIntermediateDirectories: true)
            }
            let submission = try scratch.copyClass([("alice", "alice")]) + "/alice"
            let processes = try (0..<4).map { index in
                try GraderProcess.start(
                    ["run", "--exercise", "fc-backward", "--submission", submission, "--format", "json"],
                    environment: ["GRADER_CACHE_DIR": cache], stdoutPath: scratch.path + "/out-\(index)",
                    stderrPath: scratch.path + "/err-\(index)")
            }
            for (index, process) in processes.enumerated() {
                process.waitUntilExit()
                let output = GraderProcess.finished(
                    process, stdoutPath: scratch.path + "/out-\(index)", stderrPath: scratch.path + "/err-\(index)")
                #expect(output.status == 0, "\(output)")
                let report = try ReportJSON.decode(ExerciseReport.self, from: Data(output.stdout.utf8))
                #expect(report.score == 10, "\(output)")
            }
            let kits = try FileManager.default.contentsOfDirectory(atPath: cache + "/kits").filter {
                !$0.hasPrefix(".")
            }
            #expect(kits.count == 2 && kits.filter { $0.hasSuffix("-module-cache") }.count == 1, "\(kits)")
            let leftovers = scratch.files(under: "cache").filter {
                $0.contains(".staging-") || $0.contains("/.tmp-") || $0.contains("/.warm-up-")
            }
            #expect(leftovers.isEmpty, "\(leftovers)")
            // One record and one plugin per key: fc-backward's reference (the self-check) and alice's file.
            let records = scratch.files(under: "cache/plugins").filter { $0.hasSuffix(".json") }
            let plugins = scratch.files(under: "cache/plugins").filter { $0.hasSuffix(".so") }
            #expect(records.count == 2 && plugins.count == 2, "\(records) \(plugins)")
            for record in records {
                let data = try Self.bytes(scratch.path + "/" + record)
                let text = String(decoding: data, as: UTF8.self)
                let plugin = String(record.dropLast(5)) + ".so"
                #expect(
                    !text.contains("\"built\"") || FileManager.default.fileExists(atPath: scratch.path + "/" + plugin))
            }
            #expect(FileManager.default.fileExists(atPath: otherHost), "another host's compile folder was removed")
            #expect(!FileManager.default.fileExists(atPath: thisHost), "this host's stale compile folder was kept")
        }

        static func deadPID() throws -> Int32 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/true")
            try process.run()
            process.waitUntilExit()
            return process.processIdentifier
        }
    }
}
