// The partition of a class into shards, `--shard K/N`, and `--shard auto` under Slurm and Kubernetes.

import Foundation
import GraderCore
import Testing

@Suite("Shards")
struct ShardTests {
    /// Names as classes have them: plain, accented (precomposed and decomposed), with spaces and
    /// punctuation, and one whose bytes are not UTF-8.
    static func names(_ count: Int) -> [StudentID] {
        var students = (0..<count).map { StudentID("student-\($0)") }
        students += ["zoé", "zo\u{65}\u{301}", "o'brien", "with space", "%percent", "=formula", ".dot", "grades.csv"]
            .map { StudentID($0) }
        students.append(StudentID(bytes: [0x66, 0xFF, 0xFE, 0x67]))
        return students
    }

    @Test(arguments: [1, 2, 3, 4, 7, 16, 50])
    func everyStudentIsInExactlyOneShard(count: Int) throws {
        let shards = try (0..<count).map { try Shard(index: $0, count: count) }
        for student in Self.names(100) {
            let owners = shards.filter { $0.contains(student) }
            #expect(owners.count == 1, "\(student) is in \(owners.count) shards of \(count)")
            #expect(owners.first?.index == Shard.index(of: student, count: count))
        }
    }

    @Test func addingAStudentMovesNoOneElse() throws {
        let before = Self.names(200)
        let late = StudentID("aaron-late-submission")
        let after = (before + [late]).shuffled()
        for count in [2, 4, 10] {
            let assigned = Dictionary(uniqueKeysWithValues: before.map { ($0, Shard.index(of: $0, count: count)) })
            for student in after where student != late {
                #expect(Shard.index(of: student, count: count) == assigned[student])
            }
        }
    }

    /// The partition is part of the output format (the Slurm and Kubernetes tests recompute it in
    /// Python from SHA-256): these values must never change.
    @Test func thePartitionIsPinned() {
        #expect(Shard.hash(StudentID("alice")) == 713_237_059_091_649_337)
        #expect(Shard.hash(StudentID("zoé")) == 10_649_213_778_038_873_998)
        let fourShards = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi"].map {
            Shard.index(of: StudentID($0), count: 4)
        }
        #expect(fourShards == [1, 2, 2, 1, 0, 3, 0, 2])
        #expect(
            Shard.index(of: StudentID("zo\u{65}\u{301}"), count: 1000) != Shard.index(of: StudentID("zoé"), count: 1000)
        )
    }

    @Test func tenThousandStudentsSpreadEvenlyOverFiftyShards() {
        var sizes = [Int](repeating: 0, count: 50)
        for index in 0..<10_000 { sizes[Shard.index(of: StudentID("s\(index)"), count: 50)] += 1 }
        // 200 expected per shard; a binomial's standard deviation here is about 14.
        #expect(sizes.allSatisfy { (140...260).contains($0) }, "\(sizes)")
    }

    @Test func shardsAreParsedFromKOverN() throws {
        #expect(try Shard(parsing: "2/4") == Shard(index: 2, count: 4))
        #expect(try Shard(parsing: "0/1") == Shard.whole)
        for bad in ["4/4", "-1/4", "1/0", "a/b", "1", "1/2/3", "", "/4", "2/"] {
            #expect(throws: ShardError.self, "\(bad)") { try Shard(parsing: bad) }
        }
        #expect(throws: ShardError.outOfRange(index: 4, count: 4, source: "--shard")) { try Shard(parsing: "4/4") }
        #expect(throws: ShardError.badSyntax("x/4")) { try Shard(parsing: "x/4") }
    }

    // MARK: --shard auto

    /// The shard `--shard auto` finds in `environment`, or the variable its error names.
    func auto(_ environment: [String: String], count: Int? = nil) -> Result<Shard, ShardError> {
        Result { () throws(ShardError) in try Shard.fromEnvironment(environment, count: count) }
    }

    func culprit(_ environment: [String: String], count: Int? = nil) -> String? {
        guard case .failure(let error) = auto(environment, count: count) else { return nil }
        #expect(error.description.contains(error.culprit), "\(error) does not name \(error.culprit)")
        return error.culprit
    }

    @Test func slurmArrayTasksAreShards() throws {
        let array = ["SLURM_ARRAY_TASK_COUNT": "4", "SLURM_ARRAY_TASK_MIN": "0", "SLURM_ARRAY_TASK_MAX": "3"]
        for id in 0..<4 {
            let environment = array.merging(["SLURM_ARRAY_TASK_ID": "\(id)"]) { $1 }
            #expect(try auto(environment).get() == Shard(index: id, count: 4))
        }
        // --array=1-4, and --array=0-6:2 (ids 0, 2, 4, 6).
        let fromOne = ["SLURM_ARRAY_TASK_ID": "4", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_COUNT": "4"]
        #expect(try auto(fromOne).get() == Shard(index: 3, count: 4))
        let stepped = [
            "SLURM_ARRAY_TASK_ID": "4", "SLURM_ARRAY_TASK_MIN": "0", "SLURM_ARRAY_TASK_MAX": "6",
            "SLURM_ARRAY_TASK_STEP": "2", "SLURM_ARRAY_TASK_COUNT": "4",
        ]
        #expect(try auto(stepped).get() == Shard(index: 2, count: 4))
        // --shards or GRADER_SHARD_COUNT that agree are fine.
        #expect(try auto(fromOne.merging(["GRADER_SHARD_COUNT": "4"]) { $1 }, count: 4).get().count == 4)
    }

    @Test func slurmErrorsNameTheVariable() {
        let task = ["SLURM_ARRAY_TASK_ID": "2", "SLURM_ARRAY_TASK_MIN": "0", "SLURM_ARRAY_TASK_COUNT": "4"]
        #expect(culprit(task.filter { $0.key != "SLURM_ARRAY_TASK_COUNT" }) == "SLURM_ARRAY_TASK_COUNT")
        #expect(culprit(task.filter { $0.key != "SLURM_ARRAY_TASK_MIN" }) == "SLURM_ARRAY_TASK_MIN")
        #expect(culprit(task.merging(["SLURM_ARRAY_TASK_ID": "two"]) { $1 }) == "SLURM_ARRAY_TASK_ID")
        #expect(culprit(task.merging(["SLURM_ARRAY_TASK_COUNT": ""]) { $1 }) == "SLURM_ARRAY_TASK_COUNT")
        #expect(culprit(task.merging(["SLURM_ARRAY_TASK_STEP": "0"]) { $1 }) == "SLURM_ARRAY_TASK_STEP")
        // A task id outside the array, and a list of ids (--array=0,2,9: count 3, max 9).
        #expect(culprit(task.merging(["SLURM_ARRAY_TASK_ID": "7"]) { $1 }) == "SLURM_ARRAY_TASK_ID")
        let list = ["SLURM_ARRAY_TASK_ID": "2", "SLURM_ARRAY_TASK_MIN": "0", "SLURM_ARRAY_TASK_MAX": "9"]
        #expect(culprit(list.merging(["SLURM_ARRAY_TASK_COUNT": "3"]) { $1 }) == "SLURM_ARRAY_TASK_MAX")
        #expect(culprit(task, count: 8) == "--shards")
        #expect(culprit(task.merging(["GRADER_SHARD_COUNT": "5"]) { $1 }) == "GRADER_SHARD_COUNT")
        // A Slurm job that is not an array.
        #expect(culprit(["SLURM_JOB_ID": "17"]) == "SLURM_ARRAY_TASK_ID")
        if case .failure(let error) = auto(["SLURM_JOB_ID": "17"]) {
            #expect(error.description.contains("--array"))
        }
    }

    @Test func kubernetesIndexedJobPodsAreShards() throws {
        #expect(try auto(["JOB_COMPLETION_INDEX": "3", "GRADER_SHARD_COUNT": "5"]).get() == Shard(index: 3, count: 5))
        #expect(try auto(["JOB_COMPLETION_INDEX": "0"], count: 2).get() == Shard(index: 0, count: 2))
        #expect(try auto(["JOB_COMPLETION_INDEX": "1", "GRADER_SHARD_COUNT": "2"], count: 2).get().index == 1)
    }

    @Test func kubernetesErrorsNameTheVariable() {
        #expect(culprit(["JOB_COMPLETION_INDEX": "0"]) == "GRADER_SHARD_COUNT")
        #expect(culprit(["JOB_COMPLETION_INDEX": "5", "GRADER_SHARD_COUNT": "5"]) == "JOB_COMPLETION_INDEX")
        #expect(culprit(["JOB_COMPLETION_INDEX": "-1", "GRADER_SHARD_COUNT": "5"]) == "JOB_COMPLETION_INDEX")
        #expect(culprit(["JOB_COMPLETION_INDEX": "1", "GRADER_SHARD_COUNT": "four"]) == "GRADER_SHARD_COUNT")
        #expect(culprit(["JOB_COMPLETION_INDEX": "1", "GRADER_SHARD_COUNT": "0"]) == "GRADER_SHARD_COUNT")
        #expect(culprit(["JOB_COMPLETION_INDEX": "1", "GRADER_SHARD_COUNT": "3"], count: 4) == "GRADER_SHARD_COUNT")
        #expect(culprit(["JOB_COMPLETION_INDEX": "4"], count: 4) == "JOB_COMPLETION_INDEX")
    }

    @Test func noSchedulerOrTwoAreErrors() {
        #expect(culprit([:]) == "SLURM_ARRAY_TASK_ID")
        if case .failure(let error) = auto([:]) { #expect(error.description.contains("JOB_COMPLETION_INDEX")) }
        let both = [
            "SLURM_ARRAY_TASK_ID": "0", "SLURM_ARRAY_TASK_MIN": "0", "SLURM_ARRAY_TASK_COUNT": "2",
            "JOB_COMPLETION_INDEX": "0", "GRADER_SHARD_COUNT": "2",
        ]
        #expect(culprit(both) == "JOB_COMPLETION_INDEX")
        // GRADER_SHARD_COUNT alone is no index.
        #expect(culprit(["GRADER_SHARD_COUNT": "4"]) == "SLURM_ARRAY_TASK_ID")
    }

    @Test func folderNamesMapBackToTheirStudents() {
        for student in Self.names(20) {
            #expect(StudentID(folderName: student.folderName) == student, "\(student.folderName)")
        }
        #expect(StudentID(folderName: "%61lice") == nil)
        #expect(StudentID(folderName: "bad%zz") == nil)
        #expect(StudentID(folderName: "cut%4") == nil)
    }
}
