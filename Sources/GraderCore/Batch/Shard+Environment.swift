extension Shard {
    /// The variable that carries the number of shards into a Kubernetes Indexed Job's pods (the Job's
    /// `.spec.completions`; Kubernetes gives a pod its index but not the count).
    public static let countVariable = "GRADER_SHARD_COUNT"

    /// The shard the scheduler says this process is (`--shard auto`).
    ///
    /// - Slurm job array: `(SLURM_ARRAY_TASK_ID - SLURM_ARRAY_TASK_MIN) / SLURM_ARRAY_TASK_STEP` of
    ///   `SLURM_ARRAY_TASK_COUNT` (so `--array=0-3`, `--array=1-4` and `--array=0-6:2` all work). The
    ///   array must be a range: a list of ids (`--array=0,2,5`) would leave shards no task grades, and
    ///   is refused.
    /// - Kubernetes Indexed Job: `JOB_COMPLETION_INDEX` of `count`, else of ``countVariable``.
    ///
    /// A count given as `count` or in ``countVariable`` must agree with Slurm's.
    ///
    /// - Parameters:
    ///   - environment: the process's environment.
    ///   - count: the number of shards given on the command line (`--shards N`), if any.
    /// - Throws: ``ShardError/environment(variable:reason:)`` naming the variable that is missing,
    ///   not a number, or inconsistent with the others.
    public static func fromEnvironment(_ environment: [String: String], count: Int? = nil) throws(ShardError)
        -> Shard
    {
        let slurm = environment["SLURM_ARRAY_TASK_ID"]
        let kubernetes = environment["JOB_COMPLETION_INDEX"]
        if slurm != nil && kubernetes != nil {
            throw .environment(
                variable: "JOB_COMPLETION_INDEX",
                reason: "--shard auto: both SLURM_ARRAY_TASK_ID (a Slurm job array) and JOB_COMPLETION_INDEX (a "
                    + "Kubernetes Indexed Job) are set: say which shard this is with --shard K/N")
        }
        let reader = EnvironmentNumbers(environment: environment)
        if slurm != nil { return try slurmShard(reader, count: count) }
        if kubernetes != nil { return try kubernetesShard(reader, count: count) }
        let reason =
            environment["SLURM_JOB_ID"] != nil
            ? "--shard auto: this Slurm job is not an array (SLURM_JOB_ID is set, SLURM_ARRAY_TASK_ID is not): "
                + "submit it with sbatch --array=0-N, or give --shard K/N"
            : "--shard auto found neither SLURM_ARRAY_TASK_ID (a Slurm job array) nor JOB_COMPLETION_INDEX (a "
                + "Kubernetes Indexed Job): give the shard as --shard K/N"
        throw .environment(variable: "SLURM_ARRAY_TASK_ID", reason: reason)
    }

    private static func slurmShard(_ reader: EnvironmentNumbers, count: Int?) throws(ShardError) -> Shard {
        let id = try reader.required("SLURM_ARRAY_TASK_ID", why: "")
        let tasks = try reader.required("SLURM_ARRAY_TASK_COUNT", why: " (the number of tasks in the array)")
        let minimum = try reader.required("SLURM_ARRAY_TASK_MIN", why: " (the array's first task id)")
        let step = try reader.optional("SLURM_ARRAY_TASK_STEP") ?? 1
        guard step >= 1 else {
            throw .environment(
                variable: "SLURM_ARRAY_TASK_STEP", reason: "--shard auto: SLURM_ARRAY_TASK_STEP=\(step) is not ≥ 1")
        }
        let offset = id - minimum
        guard offset >= 0, offset % step == 0, offset / step < tasks else {
            throw .environment(
                variable: "SLURM_ARRAY_TASK_ID",
                reason: "--shard auto: SLURM_ARRAY_TASK_ID=\(id) is not a task of an array of "
                    + "SLURM_ARRAY_TASK_COUNT=\(tasks) tasks from SLURM_ARRAY_TASK_MIN=\(minimum) in steps of "
                    + "\(step): submit the array as a range (sbatch --array=0-\(max(tasks, 1) - 1)), not a list")
        }
        if let maximum = try reader.optional("SLURM_ARRAY_TASK_MAX"), (maximum - minimum) / step + 1 != tasks {
            throw .environment(
                variable: "SLURM_ARRAY_TASK_MAX",
                reason: "--shard auto: the array from SLURM_ARRAY_TASK_MIN=\(minimum) to SLURM_ARRAY_TASK_MAX="
                    + "\(maximum) has gaps (SLURM_ARRAY_TASK_COUNT=\(tasks)): shards would be left out; submit "
                    + "the array as a range (sbatch --array=0-\(max(tasks, 1) - 1)), not a list")
        }
        try agree(tasks, with: count, option: "--shards", variable: "SLURM_ARRAY_TASK_COUNT")
        try agree(
            tasks, with: try reader.optional(countVariable), option: countVariable, variable: "SLURM_ARRAY_TASK_COUNT")
        return try checked(index: offset / step, count: tasks, variable: "SLURM_ARRAY_TASK_COUNT")
    }

    private static func kubernetesShard(_ reader: EnvironmentNumbers, count: Int?) throws(ShardError) -> Shard {
        let index = try reader.required("JOB_COMPLETION_INDEX", why: "")
        let fromEnvironment = try reader.optional(countVariable)
        guard let total = count ?? fromEnvironment else {
            throw .environment(
                variable: countVariable,
                reason: "--shard auto: JOB_COMPLETION_INDEX is set (a Kubernetes Indexed Job) but not the number of "
                    + "shards: set \(countVariable) to the Job's .spec.completions, or pass --shards N")
        }
        if count != nil { try agree(total, with: fromEnvironment, option: countVariable, variable: "--shards") }
        guard total >= 1 else {
            throw .outOfRange(index: index, count: total, source: count != nil ? "--shards" : countVariable)
        }
        guard index < total else {
            throw .environment(
                variable: "JOB_COMPLETION_INDEX",
                reason: "--shard auto: JOB_COMPLETION_INDEX=\(index) is not below the number of shards, \(total) ("
                    + (count != nil ? "--shards" : countVariable) + "): it must equal the Job's .spec.completions")
        }
        return try checked(index: index, count: total, variable: count != nil ? "--shards" : countVariable)
    }

    private static func agree(_ count: Int, with other: Int?, option: String, variable: String) throws(ShardError) {
        guard let other, other != count else { return }
        throw .environment(
            variable: option,
            reason: "--shard auto: \(option) says \(other) shards but \(variable) says \(count)")
    }

    private static func checked(index: Int, count: Int, variable: String) throws(ShardError) -> Shard {
        do {
            return try Shard(index: index, count: count)
        } catch {
            throw .outOfRange(index: index, count: count, source: variable)
        }
    }
}

/// Whole numbers read from the environment, with errors that name the variable.
private struct EnvironmentNumbers {
    let environment: [String: String]

    func optional(_ name: String) throws(ShardError) -> Int? {
        guard let text = environment[name] else { return nil }
        guard let value = Int(text), value >= 0 else {
            throw .environment(variable: name, reason: "--shard auto: \(name)='\(text)' is not a whole number ≥ 0")
        }
        return value
    }

    func required(_ name: String, why: String) throws(ShardError) -> Int {
        guard let value = try optional(name) else {
            throw .environment(variable: name, reason: "--shard auto: \(name)\(why) is not set")
        }
        return value
    }
}
